using ReliabilityMcp.Core.Chaos;

namespace ReliabilityMcp.Core.Tests.Chaos;

public sealed class ChaosScoringTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ProbeWeight_PathProbe_CountsOnlyFaultsThatReachIt()
    {
        var template = new ChaosTemplate
        {
            Faults =
            [
                new() { Type = ChaosFaultType.Latency, LatencyMs = 100, PathPrefix = "/api" },      // 1, reaches /api/orders
                new() { Type = ChaosFaultType.Error, PathPrefix = "/admin" },                      // 2, does not
                new() { Type = ChaosFaultType.Abort, On = ChaosFaultScope.Dependencies },          // 3, reaches through the target
                new() { Type = ChaosFaultType.Corrupt, PathPrefix = "/api", Severity = 0.5 },      // 0.5 (own severity)
            ],
            SeverityWeights = new Dictionary<string, double> { ["abort"] = 4 },                    // abort 3 -> 4
        };

        var sut = ChaosScoring.ProbeWeight(template, new ChaosProbe { Name = "orders", Path = "/api/orders" });

        Assert.Equal(1 + 4 + 0.5, sut);
        Assert.Equal(1 + 2 + 4 + 0.5, ChaosScoring.ProbeWeight(template, new ChaosProbe { Name = "edge", Url = "http://edge/" }));
    }

    [Fact]
    public void Score_ScriptedRun_MatchesHandComputation()
    {
        // Two probes: "a" weight 3 (error fault on /), "b" weight 1 (latency fault only on /b).
        // During: a ok, a fail, a ok, b ok, b fail  -> success weight 3+3+1 = 7 of total 3*3+1*2 = 11 -> 63.64.
        var removed = T0.AddSeconds(60);
        ProbeSample[] samples =
        [
            new("a", ChaosPhase.SteadyState, 0, T0, true, 200, 10, 0),
            new("b", ChaosPhase.SteadyState, 0, T0, true, 200, 20, 0),
            new("a", ChaosPhase.SteadyState, 1, T0, true, 200, 30, 0),
            new("b", ChaosPhase.SteadyState, 1, T0, false, 500, 40, 0),
            new("a", ChaosPhase.During, 0, T0.AddSeconds(5), true, 200, 100, 3),
            new("a", ChaosPhase.During, 1, T0.AddSeconds(10), false, 503, 5, 3),
            new("a", ChaosPhase.During, 2, T0.AddSeconds(15), true, 200, 300, 3),
            new("b", ChaosPhase.During, 0, T0.AddSeconds(5), true, 200, 200, 1),
            new("b", ChaosPhase.During, 1, T0.AddSeconds(10), false, null, 1000, 1, "timeout"),
            // Recovery: round 0 still failing, round 1 all good 2.5 s after removal.
            new("a", ChaosPhase.Recovery, 0, removed.AddSeconds(1), false, 503, 5, 0),
            new("b", ChaosPhase.Recovery, 0, removed.AddSeconds(1), true, 200, 5, 0),
            new("a", ChaosPhase.Recovery, 1, removed.AddSeconds(2), true, 200, 5, 0),
            new("b", ChaosPhase.Recovery, 1, removed.AddSeconds(2.5), true, 200, 5, 0),
        ];

        var sut = ChaosScoring.Score(samples, removed);

        Assert.Equal(63.64, sut.ResilienceScore);
        Assert.Equal(0.75, sut.SuccessRatioBefore);
        Assert.Equal(0.6, sut.SuccessRatioDuring);
        Assert.Equal(15, sut.DegradationPercent);
        Assert.Equal(40, sut.LatencyP95BeforeMs);     // nearest rank: ceil(0.95*4)=4th of 10,20,30,40
        Assert.Equal(1000, sut.LatencyP95DuringMs);   // ceil(0.95*5)=5th of 5,100,200,300,1000
        Assert.Equal(2.5, sut.RecoverySeconds);
    }

    [Fact]
    public void Score_NothingInjected_HasNoScore()
    {
        var sut = ChaosScoring.Score([new("a", ChaosPhase.SteadyState, 0, T0, false, 500, 1, 0)], null);

        Assert.Null(sut.ResilienceScore);
        Assert.Equal(0, sut.SuccessRatioBefore);
        Assert.Null(sut.RecoverySeconds);
    }

    [Fact]
    public void Score_NeverRecovered_RecoveryIsNull()
    {
        var sut = ChaosScoring.Score([new("a", ChaosPhase.Recovery, 0, T0, false, 500, 1, 0)], T0);

        Assert.Null(sut.RecoverySeconds);
    }

    [Fact]
    public void CheckAbort_FailureRatioAboveThreshold_NamesTheNumbers()
    {
        var conditions = new ChaosAbortConditions { ProbeFailureRatio = 0.5, MinSamples = 3, BurnRate = null };
        ProbeSample[] twoOfThreeFailed =
        [
            new("a", ChaosPhase.During, 0, T0, false, 503, 1, 1),
            new("a", ChaosPhase.During, 1, T0, false, 503, 1, 1),
            new("a", ChaosPhase.During, 2, T0, true, 200, 1, 1),
        ];

        Assert.Null(ChaosScoring.CheckAbort(conditions, twoOfThreeFailed[..2], null)); // too few samples to judge
        Assert.Contains("2 of 3 samples failed", ChaosScoring.CheckAbort(conditions, twoOfThreeFailed, null), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAbort_ErrorRatioCountsOnlyServerFailures()
    {
        var conditions = new ChaosAbortConditions { ProbeFailureRatio = null, ErrorRatio = 0.5, MinSamples = 2, BurnRate = null };
        ProbeSample[] slowButAnswered = [new("a", ChaosPhase.During, 0, T0, false, 200, 5000, 1), new("a", ChaosPhase.During, 1, T0, false, 200, 5000, 1)];
        ProbeSample[] unanswered = [new("a", ChaosPhase.During, 0, T0, false, null, 1, 1), new("a", ChaosPhase.During, 1, T0, false, 502, 1, 1)];

        Assert.Null(ChaosScoring.CheckAbort(conditions, slowButAnswered, null));
        Assert.StartsWith("error ratio 1", ChaosScoring.CheckAbort(conditions, unanswered, null), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAbort_BurnRateAboveThreshold_AbortsWithoutWaitingForSamples()
    {
        var sut = ChaosScoring.CheckAbort(new ChaosAbortConditions { BurnRate = 14.4 }, [], 20);

        Assert.Equal("burn rate 20 over 5 minutes exceeds 14.4", sut);
    }
}
