using ReliabilityMcp.Core.Audit;

namespace ReliabilityMcp.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static List<AuditEntry> Chain(int n)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= n; i++)
        {
            var record = new AuditRecord(TestConfigurations.Now.AddSeconds(i), "agent-1", "execute_remediation", i % 2 == 0 ? "deny" : "what_if",
                AuditChain.Digest($"input-{i}"), $"detail {i}");
            var entry = AuditChain.Link(i, record, previous);
            entries.Add(entry);
            previous = entry.Hash;
        }

        return entries;
    }

    [Fact]
    public void Verify_IntactChain_IsValid()
    {
        var result = AuditChain.Verify(Chain(50));

        Assert.True(result.Valid);
        Assert.Equal(50, result.EntriesChecked);
    }

    [Fact]
    public void Verify_ModifiedEntry_ReportsThatEntry()
    {
        var chain = Chain(10);
        chain[4] = chain[4] with { Record = chain[4].Record with { Decision = "allow" } };

        var result = AuditChain.Verify(chain);

        Assert.False(result.Valid);
        Assert.Equal(5, result.FirstBrokenSequence);
        Assert.Contains("modified", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DeletedEntry_ReportsTheGap()
    {
        var chain = Chain(10);
        chain.RemoveAt(6);

        var result = AuditChain.Verify(chain);

        Assert.False(result.Valid);
        Assert.Equal(7, result.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_RehashedForgery_BreaksTheNextLink()
    {
        // An attacker who rewrites entry 3 and recomputes its hash still breaks entry 4's previous-hash link.
        var chain = Chain(5);
        var forged = AuditChain.Link(3, chain[2].Record with { Principal = "someone-else" }, chain[2].PreviousHash);
        chain[2] = forged;

        var result = AuditChain.Verify(chain);

        Assert.Equal(4, result.FirstBrokenSequence);
    }

    [Fact]
    public void ComputeHash_FieldBoundaries_AreUnambiguous()
    {
        var a = new AuditRecord(TestConfigurations.Now, "ab", "c", "d", "e", "f");
        var b = new AuditRecord(TestConfigurations.Now, "a", "bc", "d", "e", "f");

        Assert.NotEqual(AuditChain.ComputeHash(1, a, AuditChain.GenesisHash), AuditChain.ComputeHash(1, b, AuditChain.GenesisHash));
    }
}
