using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Tests.Slo;

public sealed class SloConfigurationValidatorTests
{
    private const string Services = """
        services:
          checkout: {}
        """;

    [Fact]
    public void Parse_ValidSloSection_Loads()
    {
        var sut = ReliabilityConfigurationParser.Parse(Services + """

            slos:
              chaos_min_budget_remaining: 0.2
              objectives:
                - { service: checkout, name: checkout-availability, sli: availability, objective: 99.9, window_days: 28, min_events: 500 }
                - { service: checkout, name: checkout-latency, sli: latency, objective: 99, latency_threshold_ms: 300 }
              scrape_targets:
                - { service: checkout, url: "http://127.0.0.1:9100/metrics", total_metric: http_requests_total, errors_metric: http_requests_total, errors_match: { code: "5.." } }
            """, "r.yaml");

        Assert.Empty(sut.Errors);
        Assert.Equal(2, sut.Configuration!.Slos.Objectives.Count);
        Assert.Equal(28, sut.Configuration.Slos.Objectives[0].WindowDays);
        Assert.Equal(0.2, sut.Configuration.Slos.ChaosMinBudgetRemaining);
    }

    [Theory]
    [InlineData("{ service: nowhere, name: a, objective: 99.9 }", "slos.objectives[0].service", "not in the service graph")]
    [InlineData("{ service: checkout, name: a, objective: 100 }", "slos.objectives[0].objective", "100 leaves no error budget")]
    [InlineData("{ service: checkout, name: a, objective: 99.9, window_days: 90 }", "slos.objectives[0].window_days", "1 to 31")]
    [InlineData("{ service: checkout, name: a, objective: 99.9, min_events: 0 }", "slos.objectives[0].min_events", "out of range")]
    [InlineData("{ service: checkout, name: a, sli: latency, objective: 99 }", "slos.objectives[0].latency_threshold_ms", "needs latency_threshold_ms")]
    [InlineData("{ service: checkout, name: Bad Name, objective: 99 }", "slos.objectives[0].name", "not a valid SLO name")]
    public void Parse_InvalidObjective_NamesPathAndFix(string objective, string path, string message)
    {
        var sut = ReliabilityConfigurationParser.Parse($"{Services}\nslos:\n  objectives:\n    - {objective}\n", "r.yaml");

        var error = Assert.Single(sut.Errors);
        Assert.Contains($": {path}: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadScrapeTarget_NamesEachProblem()
    {
        var sut = ReliabilityConfigurationParser.Parse(Services + """

            slos:
              scrape_targets:
                - { service: checkout, url: "ftp://x", total_metric: "9bad", errors_match: { code: "(" } }
            """, "r.yaml");

        Assert.Contains(sut.Errors, e => e.Contains("slos.scrape_targets[0].url", StringComparison.Ordinal));
        Assert.Contains(sut.Errors, e => e.Contains("slos.scrape_targets[0].total_metric", StringComparison.Ordinal));
        Assert.Contains(sut.Errors, e => e.Contains("slos.scrape_targets[0].errors_match", StringComparison.Ordinal));
    }
}
