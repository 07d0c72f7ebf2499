using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Redis.Audit;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Audit;

public sealed class RedisAuditTrailTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Generous command timeout: 10k appends from two replicas on a loaded 2-core machine are about correctness here.
    private Task<StoreConnection> ConnectAsync() =>
        StoreConnection.ConnectAsync(garnet.ConnectionString + ",commandTimeout=60000", Ct);

    private static AuditRecord Record(int i, string principal = "agent-1") =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(i), principal, "execute_remediation", "deny", AuditChain.Digest($"in-{i}"), $"entry {i}");

    [Fact]
    public async Task AppendAsync_Sequential_ChainsFromGenesis()
    {
        await using var conn = await ConnectAsync();
        await using var sut = new RedisAuditTrail(conn, new StoreKeys($"a{Guid.NewGuid():N}"));

        var first = await sut.AppendAsync(Record(1), Ct);
        var second = await sut.AppendAsync(Record(2), Ct);
        var read = await sut.ReadAsync(1, 10, Ct);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(AuditChain.GenesisHash, first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal([first, second], read);
        Assert.True((await sut.VerifyAsync(Ct)).Valid);
    }

    [Fact]
    public async Task AppendAsync_10kConcurrentFromTwoReplicas_ChainVerifies_ThenDetectsTamperAndDelete()
    {
        var keys = new StoreKeys($"a{Guid.NewGuid():N}");
        await using var connA = await ConnectAsync();
        await using var connB = await ConnectAsync();
        await using var replicaA = new RedisAuditTrail(connA, keys);
        await using var replicaB = new RedisAuditTrail(connB, keys);

        var entries = await Task.WhenAll(Enumerable.Range(0, 10_000)
            .Select(i => (i % 2 == 0 ? replicaA : replicaB).AppendAsync(Record(i, i % 2 == 0 ? "replica-a" : "replica-b"), Ct)));

        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        Assert.Equal(10_000, await replicaA.CountAsync(Ct));
        var verification = await replicaB.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(10_000, verification.EntriesChecked);

        // Tamper: rewrite entry 4321's decision while keeping its hash.
        var stored = (await connA.ExecuteAsync("LINDEX", [keys.AuditEntries, 4320], Ct)).AsString()!;
        await connA.ExecuteAsync("LSET", [keys.AuditEntries, 4320, stored.Replace("\"deny\"", "\"allow\"", StringComparison.Ordinal)], Ct);
        var tampered = await replicaA.VerifyAsync(Ct);
        Assert.False(tampered.Valid);
        Assert.Equal(4321, tampered.FirstBrokenSequence);

        // Restore, then delete entry 777.
        await connA.ExecuteAsync("LSET", [keys.AuditEntries, 4320, stored], Ct);
        Assert.True((await replicaA.VerifyAsync(Ct)).Valid);
        var victim = (await connA.ExecuteAsync("LINDEX", [keys.AuditEntries, 776], Ct)).AsString()!;
        await connA.ExecuteAsync("LREM", [keys.AuditEntries, 1, victim], Ct);
        var deleted = await replicaA.VerifyAsync(Ct);
        Assert.False(deleted.Valid);
        Assert.Equal(777, deleted.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_TruncatedTail_Detected()
    {
        var keys = new StoreKeys($"a{Guid.NewGuid():N}");
        await using var conn = await ConnectAsync();
        await using var sut = new RedisAuditTrail(conn, keys);
        for (var i = 0; i < 5; i++)
        {
            await sut.AppendAsync(Record(i), Ct);
        }

        await conn.ExecuteAsync("RPOP", [keys.AuditEntries], Ct);

        var result = await sut.VerifyAsync(Ct);
        Assert.False(result.Valid);
        Assert.Contains("head", result.Problem, StringComparison.Ordinal);
    }
}
