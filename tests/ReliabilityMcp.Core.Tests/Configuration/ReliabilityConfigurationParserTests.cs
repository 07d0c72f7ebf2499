using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Core.Tests.Configuration;

public sealed class ReliabilityConfigurationParserTests
{
    private static string ShippedDefaults()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "ReliabilityMcp.Server", "Configuration", "reliability.yaml");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        throw new FileNotFoundException("shipped reliability.yaml not found above the test folder");
    }

    [Fact]
    public void Parse_ShippedDefaults_AreValidAndMatchCommonPractice()
    {
        var result = ReliabilityConfigurationParser.Parse(ShippedDefaults(), "reliability.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var config = result.Configuration!;
        var restart = Assert.Single(config.Policies, p => p.Name == "high-latency-restart");
        Assert.Equal(1, restart.Priority);
        Assert.Equal(300, restart.CooldownSeconds);
        Assert.Equal(5, restart.MaxExecutionsPerHour);
        Assert.Equal([ActionType.Restart, ActionType.AlertTeam], restart.Actions);
        Assert.Equal(new PolicyCondition { Metric = "latency_p99", Operator = MetricOperator.Gt, Threshold = 500 }, restart.Conditions[0]);
        Assert.Equal(OperatingMode.Advisory, config.Guard.DefaultMode);
        Assert.True(config.ActionFor(ActionType.Custom).Blacklisted);
        Assert.Equal(["pci"], config.Services["payments"].Compliance);
    }

    [Theory]
    [InlineData("policies:\n  - name: p\n    priority: high\n", 3, "policies[0].priority", "whole number")]
    [InlineData("policies:\n  - name: p\n    conditions:\n      - { metric: cpu_util, operator: greater, threshold: 1 }\n", 4, "policies[0].conditions[0].operator", "gt, gte, lt, lte, eq")]
    [InlineData("guard:\n  default_mode: yolo\n", 2, "guard.default_mode", "advisory, approval, autonomous")]
    [InlineData("guard:\n  cooldown: 5\n", 2, "guard", "unknown field 'cooldown'")]
    [InlineData("policies:\n  - name: p\n    actions: [restart]\n    conditions: [{ metric: error_rate, operator: gt, threshold: 7 }]\n", 4, "policies[0].conditions[0].threshold", "between 0 and 1")]
    [InlineData("services:\n  web:\n    depends_on: [db]\n", 3, "services.web.depends_on[0]", "declare it under services")]
    [InlineData("guard:\n  change_freezes:\n    - { name: x, time_zone: Europe/Berlin, start: 'tomorrow', end: '2026-01-01T00:00' }\n", 3, "guard.change_freezes[0]", "yyyy-MM-ddTHH:mm")]
    public void Parse_BadInput_NamesFileLinePathAndFix(string yaml, int line, string path, string fix)
    {
        var result = ReliabilityConfigurationParser.Parse(yaml, "reliability.yaml");

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"reliability.yaml:{line}: {path}", error, StringComparison.Ordinal);
        Assert.Contains(fix, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedYaml_SaysSoWithLine()
    {
        var result = ReliabilityConfigurationParser.Parse("policies:\n  - name: [unclosed\n", "r.yaml");

        Assert.StartsWith("r.yaml:", Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Null(result.Configuration);
    }

    [Fact]
    public void Parse_JsonText_IsAccepted()
    {
        var result = ReliabilityConfigurationParser.Parse("""{ "guard": { "default_mode": "approval" } }""", "r.json");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(OperatingMode.Approval, result.Configuration!.Guard.DefaultMode);
    }

    [Fact]
    public void Parse_WeeklyFreezeWithTimes_ParsesLocalTimes()
    {
        var yaml = "guard:\n  change_freezes:\n    - { name: weekend, time_zone: America/New_York, days: [sat, sun], from: '00:00', to: '23:59' }\n";

        var result = ReliabilityConfigurationParser.Parse(yaml, "r.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new TimeOnly(23, 59), result.Configuration!.Guard.ChangeFreezes[0].To);
    }
}
