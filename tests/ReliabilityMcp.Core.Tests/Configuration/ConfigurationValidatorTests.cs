using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Configuration;

public sealed class ConfigurationValidatorTests
{
    [Fact]
    public void Validate_TestEstate_IsValid() => Assert.Empty(ConfigurationValidator.Validate(Estate()));

    [Fact]
    public void Validate_BadPolicy_NamesEveryPathAndFix()
    {
        var config = Estate() with
        {
            Policies =
            [
                new HealingPolicy
                {
                    Name = "Bad Name", Priority = 9, CooldownSeconds = -1, MaxExecutionsPerHour = 0, Actions = [],
                    Conditions = [new() { Metric = "Latency!", Operator = MetricOperator.Gt, Threshold = 1 }, new() { Metric = "error_rate", Operator = MetricOperator.Gt, Threshold = 2 }],
                    Services = ["ghost"],
                },
            ],
        };

        var paths = ConfigurationValidator.Validate(config).Select(e => e.Path).ToList();

        Assert.Equal(
            ["policies[0].name", "policies[0].priority", "policies[0].cooldown_seconds", "policies[0].max_executions_per_hour",
             "policies[0].conditions[0].metric", "policies[0].conditions[1].threshold", "policies[0].actions", "policies[0].services[0]"],
            paths);
    }

    [Fact]
    public void Validate_DuplicatePolicyNames_Rejected()
    {
        var p = new HealingPolicy { Name = "p", Actions = [ActionType.Restart], Conditions = [new() { Metric = "cpu_util", Operator = MetricOperator.Gt, Threshold = 0.5 }] };

        var errors = ConfigurationValidator.Validate(Estate() with { Policies = [p, p] });

        Assert.Contains(errors, e => e.Path == "policies[1].name" && e.Message.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GraphAndGuardProblems_Reported()
    {
        var config = Estate(new GuardSettings
        {
            Confidence = new() { EscalateBelow = 0.9, AutonomousAbove = 0.5 },
            ChangeFreezes = [new() { Name = "x", TimeZone = "Mars/Olympus", Days = ["funday"], From = new(1, 0), To = new(2, 0) }],
            RateLimits = new() { PerAction = new Dictionary<string, RateLimit> { ["reboot"] = new() { Limit = 0 } } },
        }) with
        {
            Services = new Dictionary<string, ServiceNode> { ["Web"] = new() { DependsOn = ["db"] } },
            Actions = new Dictionary<string, ActionDefinition> { ["nuke"] = new() },
        };

        var paths = ConfigurationValidator.Validate(config).Select(e => e.Path).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "services.Web", "services.Web.depends_on[0]", "actions.nuke", "guard.confidence", "guard.change_freezes[0].time_zone",
            "guard.change_freezes[0].days[0]", "guard.rate_limits.per_action.reboot", "guard.rate_limits.per_action.reboot.limit",
        }, paths);
    }
}
