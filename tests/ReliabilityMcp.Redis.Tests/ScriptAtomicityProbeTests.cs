using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests;

/// <summary>The probe against a real Garnet started WITHOUT --lua-transaction-mode: it must say unsafe every time, also from a starved process.</summary>
public sealed class ScriptAtomicityProbeUnsafeTests(UnsafeGarnetFixture garnet) : IClassFixture<UnsafeGarnetFixture>
{
    [Fact]
    public async Task CheckAsync_GarnetWithoutLuaTransactionMode_UnsafeOnEveryRun()
    {
        var options = garnet.ConnectionString;
        for (var run = 0; run < 5; run++)
        {
            var verdict = await ScriptAtomicityProbe.CheckAsync(options, $"probe:{{{run}}}", TestContext.Current.CancellationToken);

            Assert.NotNull(verdict);
            Assert.False(verdict.Atomic);
            Assert.Contains("Restart Garnet with --lua-transaction-mode", verdict.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckAsync_ThreadPoolStarvedWhileProbing_StillUnsafe()
    {
        // The old probe polled a key from the client while one script ran; in a starved test host the poll missed the
        // whole window and an unsafe store passed as atomic (CI, 1 of 3 runs). The scripts now meet inside the store.
        var options = garnet.ConnectionString;
        using var release = new ManualResetEventSlim();
        var blockers = Enumerable.Range(0, Environment.ProcessorCount * 4)
            .Select(_ => Task.Factory.StartNew(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default))
            .ToArray();
        try
        {
            var verdict = await ScriptAtomicityProbe.CheckAsync(options, "probe:{starved}", TestContext.Current.CancellationToken);

            Assert.NotNull(verdict);
            Assert.False(verdict.Atomic);
        }
        finally
        {
            release.Set();
            await Task.WhenAll(blockers);
        }
    }
}

/// <summary>The probe against the test store, started with the production flags (--lua-transaction-mode).</summary>
public sealed class ScriptAtomicityProbeSafeTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    [Fact]
    public async Task CheckAsync_GarnetWithLuaTransactionMode_Atomic()
    {
        var verdict = await ScriptAtomicityProbe.CheckAsync(
            garnet.ConnectionString, "probe:{safe}", TestContext.Current.CancellationToken);

        Assert.NotNull(verdict);
        Assert.True(verdict.Atomic, verdict.Detail);
    }

    [Theory]
    [InlineData(true, 0, 250_000, false, 10, 20, false)] // one script saw the other's flag
    [InlineData(false, 0, 250_000, false, 100_000, 350_000, false)] // ran at the same time without noticing
    [InlineData(false, 0, 250_000, false, 250_010, 500_010, true)] // queued back to back
    [InlineData(false, 250_010, 500_010, false, 0, 250_000, true)] // either order
    [InlineData(false, 0, 250_000, false, 600_000, 850_000, null)] // too far apart to tell: proves nothing
    public void Judge_TwoRuns_InterleavedBackToBackOrInconclusive(
        bool sawA, long startA, long finishA, bool sawB, long startB, long finishB, bool? expected) =>
        Assert.Equal(expected, ScriptAtomicityProbe.Judge(
            new ScriptAtomicityProbe.Run(sawA, startA, finishA), new ScriptAtomicityProbe.Run(sawB, startB, finishB)));
}
