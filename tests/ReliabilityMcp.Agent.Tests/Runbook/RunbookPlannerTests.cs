using System.Text.Json;
using ReliabilityMcp.Agent.Runbook;

namespace ReliabilityMcp.Agent.Tests.Runbook;

/// <summary>The runbook's decisions from hand-written tool answers (the shapes the server's tools return).</summary>
public sealed class RunbookPlannerTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Slo(string service, string name, string alert, double burn5m, long total5m, long bad5m, double burn1h, string kind = "availability", string verdict = "ok") => $$"""
        {"service": "{{service}}", "name": "{{name}}", "sliKind": "{{kind}}", "objective": 99.9, "windowDays": 30, "minEvents": 100, "verdict": "{{verdict}}",
         "sli": 0.95, "budgetRemainingFraction": -4.5, "alert": "{{alert}}", "lowTraffic": false,
         "burnRates": [ {"window": "5m", "rate": {{burn5m}}, "total": {{total5m}}, "bad": {{bad5m}}, "lowTraffic": false},
                        {"window": "1h", "rate": {{burn1h}}, "total": 4000, "bad": 200, "lowTraffic": false} ]}
        """;

    private static SloAlert Alert(string kind = "availability") => new("checkout", "checkout-availability", kind, 99.9, "page", 0.95, -4.5, 500, 50, "5m", 200, 100);

    private static JsonElement Policies(params (string Name, int Priority, string[] Actions)[] matched) => Json($$"""
        {"service": "checkout", "knownService": true, "matched": [{{string.Join(",", matched.Select(m =>
            $$"""{"name": "{{m.Name}}", "priority": {{m.Priority}}, "status": "matched", "actions": [{{string.Join(",", m.Actions.Select(a => $"\"{a}\""))}}], "conditions": [], "reason": "all conditions hold"}"""))}}],
         "others": [], "counterState": "known", "configurationVersion": 1, "evaluatedAt": "2026-11-22T00:00:00Z"}
        """);

    private static JsonElement Similar(string effective = "", string incidents = "") => Json($$"""
        {"incidents": [{{incidents}}], "effectiveActions": {"status": "ok", "outcomeCount": 3, "note": "", "actions": [{{effective}}]}, "dataNotice": "data"}
        """);

    [Fact]
    public void FindAlerts_SeveralSlosPerService_KeepsTheWorstPerServiceAndSkipsQuietOnes()
    {
        var status = Json($$"""
            {"slos": [ {{Slo("checkout", "checkout-latency", "ticket", 4, 1000, 4, 3.5, "latency")}},
                       {{Slo("checkout", "checkout-availability", "page", 500, 200, 100, 50)}},
                       {{Slo("payments", "payments-availability", "none", 0, 1000, 0, 0)}},
                       {{Slo("inventory", "inventory-availability", "page", 900, 10, 9, 900, verdict: "low_traffic")}} ]}
            """);

        var sut = RunbookPlanner.FindAlerts(status);

        var alert = Assert.Single(sut);
        Assert.Equal(("checkout", "checkout-availability", "page"), (alert.Service, alert.Slo, alert.Tier));
        Assert.Equal(("5m", 200L, 100L, 0.5), (alert.ShortWindow, alert.ShortTotal, alert.ShortBad, alert.ShortBadRatio));
        Assert.Equal(500, alert.Burn5m);
        Assert.Equal(50, alert.Burn1h);
    }

    [Fact]
    public void Telemetry_AvailabilityAndLatency_ErrorRateIsTheShortWindowBadShareAndLatencyIsNotInventedAsAP99()
    {
        var availability = RunbookPlanner.Telemetry(Alert());
        var latency = RunbookPlanner.Telemetry(Alert("latency"));

        Assert.Equal(0.5, Assert.IsType<double>(availability["error_rate"]));
        Assert.Single(availability);
        Assert.False(latency.ContainsKey("latency_p99"));
        Assert.Equal(0.5, Assert.IsType<Dictionary<string, double>>(latency["custom"])["slow_request_ratio"]);
    }

    [Fact]
    public void Decide_TwoMatchedPolicies_TakesTheHigherPriorityEvenWhenHistoryPrefersTheOther()
    {
        var policies = Policies(("error-spike-rollback", 2, ["rollback"]), ("errors-restart", 1, ["restart", "alert_team"]));
        var similar = Similar("""{"action": "rollback", "count": 5, "successes": 5, "weight": 4, "successRate": 1, "confidence": 0.9, "score": 0.9}""");

        var sut = RunbookPlanner.Decide(Alert(), policies, similar)!;

        Assert.Equal("restart", sut.Action);
        Assert.Equal("errors-restart", sut.Policy);
        Assert.Equal(0.5, sut.Confidence);
        Assert.Contains("error_rate 0.5 = bad/total over 5m, 100/200", sut.Justification, StringComparison.Ordinal);
        Assert.Contains("policy errors-restart (priority 1) matched", sut.Justification, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SamePriority_HistoryBreaksTheTieAndRaisesConfidenceByTheFormula()
    {
        var policies = Policies(("errors", 1, ["restart", "rollback"]));
        var similar = Similar(
            """
            {"action": "restart", "count": 4, "successes": 1, "weight": 2, "successRate": 0.25, "confidence": 0.5, "score": 0.1},
            {"action": "rollback", "count": 6, "successes": 6, "weight": 5, "successRate": 1, "confidence": 0.8, "score": 0.8}
            """,
            """
            {"similarity": 0.9, "incident": {"id": "inc-1"}, "outcomes": [{"id": "out-1", "incidentId": "inc-1", "success": true, "resolutionMinutes": 4,
              "actions": [{"action": "rollback", "targets": ["checkout"]}]}]},
            {"similarity": 0.95, "incident": {"id": "inc-2"}, "outcomes": [{"id": "out-2", "incidentId": "inc-2", "success": false, "resolutionMinutes": 30,
              "actions": [{"action": "rollback", "targets": ["checkout"]}]}]}
            """);

        var sut = RunbookPlanner.Decide(Alert(), policies, similar)!;

        Assert.Equal("rollback", sut.Action);
        // 0.05 + 0.45 (policy) + 0.4 × 1 × 0.8 (history) + 0.1 × 0.9 (closest incident it resolved; the failed one does not count)
        Assert.Equal(0.91, sut.Confidence, 3);
    }

    [Fact]
    public void Decide_NoPolicyButHistory_ChoosesFromHistoryWithoutAPolicyAndBelowTheAutonomousThreshold()
    {
        var similar = Similar(
            """
            {"action": "scale_out", "count": 9, "successes": 9, "weight": 8, "successRate": 1, "confidence": 1, "score": 1},
            {"action": "restart", "count": 9, "successes": 2, "weight": 8, "successRate": 0.22, "confidence": 1, "score": 0.2}
            """);

        var sut = RunbookPlanner.Decide(Alert(), Policies(), similar)!;

        Assert.Equal("scale_out", sut.Action);
        Assert.Null(sut.Policy);
        Assert.Equal(0.45, sut.Confidence, 3);
        Assert.Contains("No healing policy matched", sut.Justification, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoPolicyAndNoUsefulHistory_DecidesNothing()
    {
        var similar = Similar("""{"action": "restart", "count": 3, "successes": 0, "weight": 2, "successRate": 0, "confidence": 0.6, "score": 0}""");

        Assert.Null(RunbookPlanner.Decide(Alert(), Policies(), similar));
    }

    [Fact]
    public void Confidence_EverythingAtMaximum_IsCappedBelowCertainty()
    {
        var sut = RunbookPlanner.Confidence(new ActionCandidate("restart", "p", 1, 0, 1, 1, 1, 1));

        Assert.Equal(RunbookPlanner.MaxConfidence, sut);
    }

    [Theory]
    [InlineData("page", 20, 1000, 20, false)]
    [InlineData("none", 1.5, 1000, 2, false)]
    [InlineData("none", 0.8, 1000, 1, true)]
    [InlineData("ticket", 0.5, 1000, 1, true)]
    [InlineData("page", 0.5, 1000, 0, true)] // the slow pair (6 h / 30 m) lingers for up to 30 minutes after the fix
    public void IsRecovered_FastShortBurn_IsNotRecoveredAndALingeringAlertIs(string alert, double burn5m, long total, long bad, bool expected)
    {
        var status = Json($$"""{"slos": [ {{Slo("checkout", "checkout-availability", alert, burn5m, total, bad, 30)}} ]}""");

        Assert.Equal(expected, RunbookPlanner.IsRecovered(status, "checkout", "checkout-availability"));
    }

    [Theory]
    [InlineData("ticket", 2.25, true)]
    [InlineData("none", 3, true)]
    [InlineData("page", 40, false)]
    [InlineData("none", 14.4, false)]
    public void IsRecovered_AnotherSloOfTheServiceBurns_OnlyAFastBurnThereBlocks(string latencyAlert, double latencyBurn5m, bool expected)
    {
        var status = Json($$"""{"slos": [ {{Slo("checkout", "checkout-availability", "none", 0.2, 1000, 0, 30)}}, {{Slo("checkout", "checkout-latency", latencyAlert, latencyBurn5m, 1000, 22, 30)}} ]}""");

        Assert.Equal(expected, RunbookPlanner.IsRecovered(status, "checkout", "checkout-availability"));
    }

    [Fact]
    public void IsRecovered_AlertedSloStillBurningWhileAnotherIsQuiet_IsNotRecovered()
    {
        var status = Json($$"""{"slos": [ {{Slo("checkout", "checkout-availability", "none", 6, 1000, 6, 30)}}, {{Slo("checkout", "checkout-latency", "none", 0.1, 1000, 0, 30)}} ]}""");

        Assert.False(RunbookPlanner.IsRecovered(status, "checkout", "checkout-availability"));
    }

    [Fact]
    public void IsRecovered_StoreUnreachableOrNoSlo_IsNotRecovered()
    {
        var unknown = Json($$"""{"slos": [ {{Slo("checkout", "checkout-availability", "none", 0, 1000, 0, 0, verdict: "unknown")}} ], "storeProblem": "down"}""");

        Assert.False(RunbookPlanner.IsRecovered(unknown, "checkout", "checkout-availability"));
        Assert.False(RunbookPlanner.IsRecovered(Json("""{"slos": []}"""), "checkout", "checkout-availability"));
    }
}
