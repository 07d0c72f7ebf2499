using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Tests.Chaos;

public sealed class ChaosValidatorTests
{
    [Fact]
    public void Validate_ShippedLibrary_IsValid()
    {
        var sut = ConfigurationValidator.Validate(TestConfigurations.Estate());

        Assert.Empty(sut);
        Assert.Equal(
            ["cascading-failure", "control-plane-store-outage", "dependency-outage", "error-storm", "latency-spike", "timeout"],
            TestConfigurations.Estate().Chaos.Templates.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_ChaosSection_ReadsTemplatesTargetsAndEnums()
    {
        const string Yaml = """
            services:
              checkout: {}
            chaos:
              watch_interval_seconds: 2
              targets:
                checkout: { url: "http://127.0.0.1:5101" }
              templates:
                slow-api:
                  duration_seconds: 30
                  rollback: on_deviation
                  faults:
                    - { type: latency, latency_ms: 300, path_prefix: /api, rate: 0.5 }
                  probes:
                    - { name: orders, path: /api/orders, latency_threshold_ms: 250 }
                  abort: { probe_failure_ratio: 0.3, burn_rate: 10 }
                  severity_weights: { latency: 1.5 }
            """;

        var sut = ReliabilityConfigurationParser.Parse(Yaml, "r.yaml");

        Assert.Empty(sut.Errors);
        var chaos = sut.Configuration!.Chaos;
        Assert.Equal(2, chaos.WatchIntervalSeconds);
        Assert.Equal("http://127.0.0.1:5101", chaos.Targets["checkout"].Url);
        var t = Assert.Single(chaos.Templates).Value;
        Assert.Equal(ChaosRollback.OnDeviation, t.Rollback);
        Assert.Equal(1.5, t.SeverityOf(t.Faults[0]));
        Assert.Equal(0.3, t.Abort.ProbeFailureRatio);
    }

    [Theory]
    [InlineData("faults: []\n      probes: [{ name: h, path: /h }]", "chaos.templates.t.faults")]
    [InlineData("faults: [{ type: outage }]\n      probes: [{ name: h, path: /h }]", "chaos.templates.t.faults[0].type")]
    [InlineData("faults: [{ type: error, rate: 2 }]\n      probes: [{ name: h, path: /h }]", "chaos.templates.t.faults[0].rate")]
    [InlineData("faults: [{ type: latency }]\n      probes: [{ name: h, path: /h }]", "chaos.templates.t.faults[0]")]
    [InlineData("faults: [{ type: error }]\n      probes: [{ name: h }]", "chaos.templates.t.probes[0]")]
    [InlineData("faults: [{ type: error }]\n      probes: [{ name: h, path: /h }]\n      duration_seconds: 999999", "chaos.templates.t.duration_seconds")]
    [InlineData("faults: [{ type: error }]\n      probes: [{ name: h, path: /h }]\n      target: cluster", "chaos.templates.t.target")]
    public void Parse_BadTemplate_NamesThePath(string body, string path)
    {
        var yaml = $"chaos:\n  templates:\n    t:\n      {body}\n";

        var sut = ReliabilityConfigurationParser.Parse(yaml, "r.yaml");

        Assert.Null(sut.Configuration);
        Assert.Contains(sut.Errors, e => e.Contains($" {path}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TargetNotInGraph_IsAnError()
    {
        var sut = ReliabilityConfigurationParser.Parse("chaos:\n  targets:\n    ghost: { url: 'http://127.0.0.1:1' }\n", "r.yaml");

        Assert.Contains(sut.Errors, e => e.Contains("chaos.targets.ghost: 'ghost' is not in the service graph", StringComparison.Ordinal));
    }
}
