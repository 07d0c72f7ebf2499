using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Redis.Chaos;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Chaos;

public sealed class RedisChaosExperimentStoreTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<StoreConnection> ConnectAsync() => StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);

    private static ChaosExperiment Experiment(string id) => new()
    {
        Id = id, Template = "latency-spike", Target = "checkout", Principal = "agent-1", DurationSeconds = 60, CreatedAt = T0,
    };

    [Fact]
    public async Task SaveAndGet_RoundTripsRecordAndTimeline()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisChaosExperimentStore(conn, new StoreKeys($"t{Guid.NewGuid():N}"));
        await sut.CreateAsync(Experiment("e1"), "runner-a", TimeSpan.FromSeconds(30), Ct);
        await sut.AppendTimelineAsync("e1", new(T0, "accepted", "latency-spike on checkout"), Ct);
        await sut.AppendTimelineAsync("e1", new(T0.AddSeconds(1), "injected", "1 fault"), Ct);
        var done = Experiment("e1") with
        {
            Status = ChaosExperimentStatus.Completed,
            Faults = [new("checkout", "f1", ChaosFaultType.Latency, T0.AddSeconds(60))],
            Samples = [new("health", ChaosPhase.During, 0, T0, true, 200, 12.5, 1)],
            Result = new ChaosScore { ResilienceScore = 87.5, RecoverySeconds = 1.25 },
        };

        await sut.SaveAsync(done, Ct);

        var read = await sut.GetAsync("e1", Ct);
        Assert.NotNull(read);
        Assert.Equal(ChaosExperimentStatus.Completed, read.Status);
        Assert.Equal(87.5, read.Result!.ResilienceScore);
        Assert.Equal(done.Faults, read.Faults);
        Assert.Equal(done.Samples, read.Samples);
        Assert.Equal(["accepted", "injected"], (await sut.GetTimelineAsync("e1", Ct)).Select(s => s.Step));
        Assert.Equal("e1", Assert.Single(await sut.ListAsync(10, Ct)).Id);
        Assert.Empty(await sut.ClaimOrphansAsync(Ct)); // terminal: no longer running
    }

    [Fact]
    public async Task ClaimOrphans_LeaseLapsed_ClaimedExactlyOnce()
    {
        await using var conn = await ConnectAsync();
        var keys = new StoreKeys($"t{Guid.NewGuid():N}");
        var sut = new RedisChaosExperimentStore(conn, keys);
        var other = new RedisChaosExperimentStore(conn, keys);
        await sut.CreateAsync(Experiment("alive"), "runner-a", TimeSpan.FromMinutes(5), Ct);
        await sut.CreateAsync(Experiment("dead"), "runner-b", TimeSpan.FromMilliseconds(200), Ct);

        var claimed = await Poll.UntilAsync(ct => sut.ClaimOrphansAsync(ct), c => c.Count > 0, "the short lease to lapse",
            CancellationTokenSource.CreateLinkedTokenSource(Ct).Token);

        Assert.Equal(["dead"], claimed);
        Assert.Empty(await other.ClaimOrphansAsync(Ct));
        Assert.True(await sut.RenewLeaseAsync("alive", "runner-a", TimeSpan.FromMinutes(5), Ct));
        Assert.False(await sut.RenewLeaseAsync("alive", "runner-b", TimeSpan.FromMinutes(5), Ct));
    }

    [Fact]
    public async Task Reacquire_AfterALiveRunWasClaimed_MakesItWatchedAgain()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisChaosExperimentStore(conn, new StoreKeys($"t{Guid.NewGuid():N}"));
        await sut.CreateAsync(Experiment("slow"), "runner-a", TimeSpan.FromMilliseconds(200), Ct);
        Assert.Equal(["slow"], await Poll.UntilAsync(ct => sut.ClaimOrphansAsync(ct), c => c.Count > 0, "the short lease to lapse",
            CancellationTokenSource.CreateLinkedTokenSource(Ct).Token));
        Assert.False(await sut.RenewLeaseAsync("slow", "runner-a", TimeSpan.FromMinutes(5), Ct)); // lost: nobody watches it now

        await sut.ReacquireAsync("slow", "runner-a", TimeSpan.FromMilliseconds(300), Ct);

        Assert.Empty(await sut.ClaimOrphansAsync(Ct)); // held again
        Assert.True(await sut.RenewLeaseAsync("slow", "runner-a", TimeSpan.FromMilliseconds(300), Ct));
        Assert.False(await sut.RenewLeaseAsync("slow", "runner-b", TimeSpan.FromMilliseconds(300), Ct));
        // If runner-a now dies, the lapse is noticed again and the run is claimed once.
        Assert.Equal(["slow"], await Poll.UntilAsync(ct => sut.ClaimOrphansAsync(ct), c => c.Count > 0, "the reacquired lease to lapse",
            CancellationTokenSource.CreateLinkedTokenSource(Ct).Token));
    }
}
