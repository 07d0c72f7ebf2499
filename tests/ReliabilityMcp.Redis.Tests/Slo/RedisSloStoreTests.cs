using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Redis.Slo;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Slo;

/// <summary>SLO counters in the real store, driven by synthetic streams and a fake clock.</summary>
public sealed class RedisSloStoreTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    // 30 s into a minute and into an hour: every window holds whole buckets plus the current one, with one minute in it.
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 0, 30, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly ReliabilityConfiguration Config = new()
    {
        Services = new Dictionary<string, ServiceNode> { ["checkout"] = new(), ["search"] = new() },
        Slos = new SloSettings
        {
            Objectives =
            [
                new SloDefinition { Service = "checkout", Name = "checkout-availability", Objective = 99.9, WindowDays = 30, MinEvents = 100 },
                new SloDefinition { Service = "checkout", Name = "checkout-latency", Sli = SliKind.Latency, LatencyThresholdMs = 300, Objective = 99, MinEvents = 100 },
            ],
        },
    };

    private Task<StoreConnection> ConnectAsync() => StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);

    private static SloService Service(IStoreConnection conn, StoreKeys keys, TimeProvider clock) =>
        new(new FixedConfigurationSource(Config), new RedisSloStore(conn, keys), clock);

    /// <summary>Two replicas, each with its own connection, over the same keys and clock.</summary>
    private async Task<TwoReplicas> TwoReplicasAsync()
    {
        var keys = new StoreKeys($"s{Guid.NewGuid():N}");
        var clock = new ManualClock(Now);
        var connA = await ConnectAsync();
        var connB = await ConnectAsync();
        return new TwoReplicas(connA, connB, Service(connA, keys, clock), Service(connB, keys, clock));
    }

    private sealed record TwoReplicas(StoreConnection ConnA, StoreConnection ConnB, SloService A, SloService B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await ConnA.DisposeAsync();
            await ConnB.DisposeAsync();
        }
    }

    /// <summary>One pre-aggregated event per minute for the <paramref name="minutes"/> minutes up to now.</summary>
    private static TelemetryBatch PerMinute(string id, int minutes, Func<int, (long Total, long Good)> counts) => new()
    {
        BatchId = id,
        Events = [.. Enumerable.Range(0, minutes).Select(ago =>
        {
            var (total, good) = counts(ago);
            return new TelemetryEvent { Service = "checkout", Timestamp = Now.AddMinutes(-ago), Total = total, Good = good };
        })],
    };

    private static SloEvaluation Availability(IReadOnlyList<SloEvaluation> all) => all.Single(e => e.Definition.Name == "checkout-availability");

    [Fact]
    public async Task EvaluateAsync_FiveMinuteOutageAfterThreeCleanDays_HandComputedWindows()
    {
        await using var conn = await ConnectAsync();
        var sut = Service(conn, new StoreKeys($"s{Guid.NewGuid():N}"), new ManualClock(Now));
        // 1000 requests a minute for 3 days (4320 minutes); the last 5 minutes (11:56..12:00) all fail.
        var ingest = await sut.IngestAsync(PerMinute("outage", 4320, ago => (1000, ago < 5 ? 0 : 1000)), Ct);

        var e = Availability(await sut.EvaluateAsync("checkout", Ct));

        Assert.True(ingest.Accepted);
        Assert.Equal(1000.0, e.Burn("5m"), 6);                          // 5000 bad / 5000
        Assert.Equal(5000.0 / 30_000 / 0.001, e.Burn("30m"), 6);        // 166.67
        Assert.Equal(5000.0 / 60_000 / 0.001, e.Burn("1h"), 6);         // 83.33
        // Five-minute buckets: the current one (12:00..12:05, one minute so far) plus 23 (2h) or 71 (6h) whole ones.
        Assert.Equal(5000.0 / 116_000 / 0.001, e.Burn("2h"), 6);        // 43.10
        Assert.Equal(5000.0 / 356_000 / 0.001, e.Burn("6h"), 6);        // 14.04
        // Hour buckets: the current hour (one minute so far) plus 23 whole hours = 1381 minutes.
        Assert.Equal(5000.0 / 1_381_000 / 0.001, e.Burn("1d"), 6);      // 3.62
        Assert.Equal(5000.0 / 4_261_000 / 0.001, e.Burn("3d"), 6);      // 71 whole hours + 1 minute: 1.17
        Assert.Equal(4_320_000, e.TotalEvents);
        Assert.Equal(5000, e.BadEvents);
        Assert.Equal(4320, e.BudgetTotalEvents, 6);
        Assert.Equal(-680, e.BudgetRemainingEvents, 6);
        Assert.True(e.BudgetExhausted);
        Assert.Equal(SloAlertTier.Page, e.Alert);
        Assert.Contains(e.Alerts, a => a is { Tier: SloAlertTier.Ticket, LongWindow: "1d", Suppressed: true });
    }

    [Fact]
    public async Task EvaluateAsync_SlowBurnOverDays_TicketNotPage()
    {
        await using var conn = await ConnectAsync();
        var sut = Service(conn, new StoreKeys($"s{Guid.NewGuid():N}"), new ManualClock(Now));
        // 0.2 % errors for 3 days on a 99.9 % SLO: burn 2 everywhere.
        await sut.IngestAsync(PerMinute("slow", 4320, _ => (1000, 998)), Ct);

        var e = Availability(await sut.EvaluateAsync("checkout", Ct));

        Assert.All(e.BurnRates, b => Assert.Equal(2.0, b.Rate, 6));
        Assert.Equal(SloAlertTier.Ticket, e.Alert);
        var ticket = Assert.Single(e.Alerts);
        Assert.Equal(("3d", "6h"), (ticket.LongWindow, ticket.ShortWindow));
        Assert.Equal(-1.0, e.BudgetRemainingFraction, 6);
    }

    [Fact]
    public async Task EvaluateAsync_AnotherReplicaIngestsWithinTheMinute_TheNextReadSeesIt()
    {
        await using var replicas = await TwoReplicasAsync();
        var (replicaA, replicaB) = (replicas.A, replicas.B);
        await replicaA.IngestAsync(PerMinute("first", 10, _ => (100, 100)), Ct);
        var before = Availability(await replicaA.EvaluateAsync("checkout", Ct));

        await replicaB.IngestAsync(PerMinute("second", 3, _ => (100, 50)), Ct);
        var after = Availability(await replicaA.EvaluateAsync("checkout", Ct));
        var duplicate = await replicaB.IngestAsync(PerMinute("second", 3, _ => (100, 50)), Ct);
        var again = Availability(await replicaA.EvaluateAsync("checkout", Ct));

        Assert.Equal((1000, 0), (before.TotalEvents, before.BadEvents));
        Assert.Equal((1300, 150), (after.TotalEvents, after.BadEvents));
        Assert.True(duplicate.Duplicate);
        Assert.Equal((1300, 150), (again.TotalEvents, again.BadEvents));
    }

    [Fact]
    public async Task ReadAsync_LateIngestIntoAnEarlierDayBlock_IsSeenByTheNextReadOfAOneDaySlo()
    {
        // The first day of a ten-day block: 60 hours back lies in the previous block, outside a 1-day SLO window but
        // inside its 3-day burn window, so the remembered read must be checked against that block's version too.
        var now = new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero);
        await using var connA = await ConnectAsync();
        await using var connB = await ConnectAsync();
        var keys = new StoreKeys($"s{Guid.NewGuid():N}");
        var replicaA = new RedisSloStore(connA, keys);
        var replicaB = new RedisSloStore(connB, keys);
        var slo = new SloDefinition { Service = "checkout", Name = "short", Objective = 99, WindowDays = 1, MinEvents = 1 };
        Assert.NotEqual(SloWindow.SlotOf(now, SloResolution.Day) / 10, SloWindow.SlotOf(now.AddHours(-60), SloResolution.Day) / 10);
        var before = await replicaA.ReadAsync("checkout", [slo], now, Ct);

        await replicaB.IngestAsync("late", [new SloIncrement("checkout", "short", SloWindow.SlotOf(now.AddHours(-60), SloResolution.Minute), new SloCounts(100, 90))], now, Ct);
        var after = await replicaA.ReadAsync("checkout", [slo], now, Ct);

        Assert.Equal(default, before["short"].BurnWindows["3d"]);
        Assert.Equal(new SloCounts(100, 90), after["short"].BurnWindows["3d"]);
        Assert.Equal(default, after["short"].Window); // outside the 1-day window
    }

    [Fact]
    public async Task EvaluateAsync_NoIngestSinceTheLastReadThisMinute_ReusesThatRead_AndRereadsTheNextMinute()
    {
        await using var conn = await ConnectAsync();
        var keys = new StoreKeys($"s{Guid.NewGuid():N}");
        var clock = new ManualClock(Now);
        var sut = Service(conn, keys, clock);
        await sut.IngestAsync(PerMinute("seed", 10, _ => (100, 100)), Ct);
        var first = Availability(await sut.EvaluateAsync("checkout", Ct));
        // A bucket changed behind the ingest path's back (which always gives the service a new version): a read in the
        // same minute proves it came from memory by not seeing it; the next minute's read goes to the buckets again.
        var minuteBlock = new SloKeys(keys.Prefix).Block(SloKeys.Tiers[0], "checkout", SloWindow.SlotOf(Now, SloResolution.Minute) / 60);
        await conn.ExecuteAsync("HINCRBY", [minuteBlock, SloKeys.Field("checkout-availability", 't', SloWindow.SlotOf(Now, SloResolution.Minute) % 60), 7], Ct);

        var sameMinute = Availability(await sut.EvaluateAsync("checkout", Ct));
        clock.Now += TimeSpan.FromSeconds(30);
        var nextMinute = Availability(await sut.EvaluateAsync("checkout", Ct));

        static long FiveMinutes(SloEvaluation e) => e.BurnRates.Single(b => b.Window == "5m").Total;
        Assert.Equal(500, FiveMinutes(first));      // 11:56..12:00, 100 each
        Assert.Equal(500, FiveMinutes(sameMinute));
        Assert.Equal(407, FiveMinutes(nextMinute)); // 11:57..12:01: four minutes of 100, and 12:00's extra 7
    }

    [Fact]
    public async Task AgentDecisionsAsync_DecisionsTodayAndYesterdayAfterARead_AreCountedByTheNextRead()
    {
        await using var conn = await ConnectAsync();
        var keys = new StoreKeys($"s{Guid.NewGuid():N}");
        var store = new RedisSloStore(conn, keys);
        var request = new GuardRequest { Principal = "agent-1", Action = ActionType.Restart, Targets = ["checkout"], Confidence = 0.9 };
        var allow = new GuardDecision
        {
            Outcome = GuardOutcome.Allow, ApprovalsRequired = 0, Risk = new RiskAssessment(RiskClass.Low, []), BlastRadius = ["checkout"],
            OperatingMode = OperatingMode.Autonomous, Checks = [],
        };
        await store.ObserveAsync(request, allow, Now.AddDays(-4), Ct);
        var first = Assert.Single(await store.ReadAgentDecisionsAsync(Now, 7, Ct));

        await store.ObserveAsync(request, allow, Now.AddDays(-1), Ct);
        await store.ObserveAsync(request, allow, Now, Ct);
        var second = Assert.Single(await store.ReadAgentDecisionsAsync(Now, 7, Ct));
        var laterWeek = Assert.Single(await store.ReadAgentDecisionsAsync(Now.AddDays(3), 7, Ct));

        Assert.Equal(1, first.Requests);
        Assert.Equal(3, second.Requests);
        Assert.Equal(2, laterWeek.Requests); // the day 4 days before Now has left the window
    }

    [Fact]
    public async Task IngestAsync_SameBatchTwice_CountsOnce()
    {
        await using var conn = await ConnectAsync();
        var sut = Service(conn, new StoreKeys($"s{Guid.NewGuid():N}"), new ManualClock(Now));
        var batch = PerMinute("dup", 10, _ => (100, 99));

        var first = await sut.IngestAsync(batch, Ct);
        var second = await sut.IngestAsync(batch, Ct);
        var e = Availability(await sut.EvaluateAsync("checkout", Ct));

        Assert.True(first.Accepted);
        Assert.False(second.Accepted);
        Assert.True(second.Duplicate);
        Assert.Equal(1000, e.TotalEvents);
        Assert.Equal(10, e.BadEvents);
    }

    [Fact]
    public async Task IngestAsync_LargeBatchTwice_CountsOnceAcrossItsChunks()
    {
        await using var conn = await ConnectAsync();
        var sut = Service(conn, new StoreKeys($"s{Guid.NewGuid():N}"), new ManualClock(Now));
        var batch = PerMinute("large", 1000, _ => (10, 9)); // 1000 minute increments: written in 4 chunks

        var first = await sut.IngestAsync(batch, Ct);
        var second = await sut.IngestAsync(batch, Ct);
        var e = Availability(await sut.EvaluateAsync("checkout", Ct));

        Assert.Equal((true, true), (first.Accepted, second.Duplicate));
        Assert.Equal((10_000, 1_000), (e.TotalEvents, e.BadEvents));
    }

    [Fact]
    public async Task IngestAsync_CountsBeyondFloatFormatting_StayExactIntegers()
    {
        // The script sums in Lua and writes with %d: a plain tostring would write 1.2e+15 here, which no reader parses.
        await using var conn = await ConnectAsync();
        var store = new RedisSloStore(conn, new StoreKeys($"s{Guid.NewGuid():N}"));
        var minute = SloWindow.SlotOf(Now, SloResolution.Minute);
        var slo = Config.Slos.Objectives[0];

        await store.IngestAsync("big-1", [new SloIncrement("checkout", slo.Name, minute, new SloCounts(600_000_000_000_000, 600_000_000_000_000))], Now, Ct);
        await store.IngestAsync("big-2", [new SloIncrement("checkout", slo.Name, minute, new SloCounts(600_000_000_000_001, 600_000_000_000_000))], Now, Ct);
        var seen = await store.ReadAsync("checkout", [slo], Now, Ct);

        Assert.Equal(new SloCounts(1_200_000_000_000_001, 1_200_000_000_000_000), seen[slo.Name].Window);
        Assert.Equal(new SloCounts(1_200_000_000_000_001, 1_200_000_000_000_000), seen[slo.Name].BurnWindows["5m"]);
    }

    [Fact]
    public async Task IngestAsync_EveryBlockExpiresWithinItsTiersRetention()
    {
        await using var conn = await ConnectAsync();
        var prefix = $"s{Guid.NewGuid():N}";
        var sut = Service(conn, new StoreKeys(prefix), new ManualClock(Now));
        await sut.IngestAsync(PerMinute("ttl", 1, _ => (10, 10)), Ct);

        var keys = (await conn.ExecuteAsync("KEYS", [$"{prefix}:{{slo}}:*"], Ct)).AsSpan().ToArray().Select(k => k.AsString()!).ToArray();
        var blocks = keys.Where(k => !k.Contains(":batch:", StringComparison.Ordinal) ).ToArray();

        Assert.Equal(4, blocks.Length); // one block per tier
        foreach (var block in blocks)
        {
            var code = block.Split(':')[2][0];
            var retention = (long)SloKeys.Tiers.Single(t => t.Code == code).Retention.TotalMilliseconds;
            var ttl = (await conn.ExecuteAsync("PTTL", [block], Ct)).AsInt64();
            Assert.InRange(ttl, retention - 60_000, retention); // set on the block's first write, minus the test's own time
        }
    }

    [Fact]
    public async Task IngestAsync_LateBatch_LandsInItsOwnMinutes()
    {
        await using var conn = await ConnectAsync();
        var clock = new ManualClock(Now);
        var sut = Service(conn, new StoreKeys($"s{Guid.NewGuid():N}"), clock);
        await sut.IngestAsync(new TelemetryBatch { BatchId = "recent", Events = [new TelemetryEvent { Service = "checkout", Timestamp = Now, Total = 500, Good = 500 }] }, Ct);
        // Arrives second, happened 90 minutes earlier.
        await sut.IngestAsync(new TelemetryBatch { BatchId = "late", Events = [new TelemetryEvent { Service = "checkout", Timestamp = Now.AddMinutes(-90), Total = 500, Good = 0 }] }, Ct);

        var e = Availability(await sut.EvaluateAsync("checkout", Ct));

        Assert.Equal((500, 0), (e.BurnRates.Single(b => b.Window == "1h").Total, e.BurnRates.Single(b => b.Window == "1h").Bad));
        Assert.Equal((1000, 500), (e.BurnRates.Single(b => b.Window == "2h").Total, e.BurnRates.Single(b => b.Window == "2h").Bad));
        Assert.Equal(1000, e.TotalEvents);
    }

    [Fact]
    public async Task IngestAsync_LatencyHistogram_CountsUnderThresholdAsGood()
    {
        await using var conn = await ConnectAsync();
        var sut = Service(conn, new StoreKeys($"s{Guid.NewGuid():N}"), new ManualClock(Now));
        await sut.IngestAsync(new TelemetryBatch
        {
            BatchId = "hist",
            Events = [new TelemetryEvent { Service = "checkout", Timestamp = Now, Total = 1000, Good = 1000, LatencyBuckets = [new(100, 600), new(300, 985), new(1000, 1000)] }],
        }, Ct);

        var all = await sut.EvaluateAsync("checkout", Ct);
        var latency = all.Single(e => e.Definition.Name == "checkout-latency");

        Assert.Equal(0.985, latency.Sli!.Value, 9);
        Assert.Equal(1.5, latency.Burn("5m"), 6); // 1.5 % slow on a 99 % objective
    }

    [Fact]
    public async Task IngestAsync_TwoReplicasConcurrently_ExactTotals()
    {
        await using var replicas = await TwoReplicasAsync();
        var (replicaA, replicaB) = (replicas.A, replicas.B);
        TelemetryBatch Batch(string id, int seed) => new()
        {
            BatchId = id,
            Events = [.. Enumerable.Range(0, 100).Select(i => new TelemetryEvent
            {
                Service = "checkout", Timestamp = Now.AddMinutes(-((seed + i) % 50)).AddSeconds(-(i % 30)), Success = i % 10 != 0,
            })],
        };

        // Each replica sends 100 batches of its own and the same 20 shared batches (a retrying sender hitting both).
        async Task<int> RunAsync(SloService replica, string name)
        {
            var accepted = 0;
            for (var b = 0; b < 120; b++)
            {
                var batch = b < 100 ? Batch($"{name}-{b}", b) : Batch($"shared-{b}", b);
                accepted += (await replica.IngestAsync(batch, Ct)).Accepted ? 1 : 0;
            }

            return accepted;
        }

        var counts = await Task.WhenAll(Task.Run(() => RunAsync(replicaA, "a"), Ct), Task.Run(() => RunAsync(replicaB, "b"), Ct));
        var e = Availability(await replicaA.EvaluateAsync("checkout", Ct));

        Assert.Equal(220, counts.Sum());                    // 200 own + each shared batch once
        Assert.Equal(22_000, e.TotalEvents);
        Assert.Equal(2_200, e.BadEvents);
        var hour = e.BurnRates.Single(b => b.Window == "1h");
        Assert.Equal((22_000, 2_200), (hour.Total, hour.Bad));
    }
}
