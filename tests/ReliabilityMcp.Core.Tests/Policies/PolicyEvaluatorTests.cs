using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Policies;

public sealed class PolicyEvaluatorTests
{
    private static HealingPolicy P(string name, int priority, string metric, MetricOperator op, double threshold, params ActionType[] actions) => new()
    {
        Name = name,
        Priority = priority,
        Conditions = [new PolicyCondition { Metric = metric, Operator = op, Threshold = threshold }],
        Actions = actions,
        CooldownSeconds = 300,
        MaxExecutionsPerHour = 2,
    };

    private static readonly HealingPolicy[] Policies =
    [
        P("latency-circuit", 3, "latency_p99", MetricOperator.Gt, 300, ActionType.CircuitBreaker),
        P("latency-restart", 1, "latency_p99", MetricOperator.Gt, 500, ActionType.Restart, ActionType.AlertTeam),
        P("errors-rollback", 1, "error_rate", MetricOperator.Gt, 0.3, ActionType.Rollback),
        new HealingPolicy
        {
            Name = "saturation", Priority = 2, Actions = [ActionType.ScaleOut],
            Conditions = [new() { Metric = "cpu_util", Operator = MetricOperator.Gt, Threshold = 0.9 }, new() { Metric = "memory_util", Operator = MetricOperator.Gt, Threshold = 0.9 }],
        },
        P("queue", 2, "queue_depth", MetricOperator.Gte, 1000, ActionType.ScaleOut) with { Enabled = false },
    ];

    private static TelemetrySnapshot T(params (string, double)[] values) => new(values.ToDictionary(v => v.Item1, v => v.Item2));

    [Fact]
    public void Evaluate_MatchedInPriorityOrder_OthersSayWhy()
    {
        var result = PolicyEvaluator.Evaluate(Policies, "checkout", T(("latency_p99", 900), ("error_rate", 0.1), ("cpu_util", 0.95), ("memory_util", 0.5)), _ => ExecutionCounter.Empty, Now);

        Assert.Equal(["latency-restart", "latency-circuit"], result.Matched.Select(m => m.Name));
        var errors = Assert.Single(result.Others, o => o.Name == "errors-rollback");
        Assert.Equal(PolicyStatus.NotMatched, errors.Status);
        Assert.Contains("error_rate = 0.1 does not satisfy > 0.3 (off by 0.2)", errors.Reason, StringComparison.Ordinal);
        var saturation = Assert.Single(result.Others, o => o.Name == "saturation");
        Assert.Equal([true, false], saturation.Conditions.Select(c => c.Satisfied));
        Assert.Equal(PolicyStatus.Disabled, Assert.Single(result.Others, o => o.Name == "queue").Status);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(500.0001, true)]
    public void Evaluate_ThresholdBoundary_IsStrictForGt(double p99, bool matched)
    {
        var result = PolicyEvaluator.Evaluate([Policies[1]], "checkout", T(("latency_p99", p99)), _ => ExecutionCounter.Empty, Now);

        Assert.Equal(matched, result.Matched.Count == 1);
    }

    [Fact]
    public void Evaluate_MissingMetric_SaysSo()
    {
        var result = PolicyEvaluator.Evaluate([Policies[2]], "checkout", T(("latency_p99", 100)), _ => ExecutionCounter.Empty, Now);

        Assert.Contains("error_rate missing from telemetry", Assert.Single(result.Others).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CoolingDownAndCapped_ReportWhenTheyFree()
    {
        var cooling = new ExecutionCounter(1, Now.AddMinutes(-2), Now.AddMinutes(3));
        var capped = new ExecutionCounter(2, Now.AddMinutes(-50), null);
        var telemetry = T(("latency_p99", 900), ("error_rate", 0.5));

        var result = PolicyEvaluator.Evaluate([Policies[1], Policies[2]], "checkout", telemetry, p => p.Name == "latency-restart" ? cooling : capped, Now);

        Assert.Empty(result.Matched);
        var c = Assert.Single(result.Others, o => o.Status == PolicyStatus.CoolingDown);
        Assert.Equal(Now.AddMinutes(3), c.AvailableAt);
        var h = Assert.Single(result.Others, o => o.Status == PolicyStatus.HourlyCapReached);
        Assert.Equal(Now.AddMinutes(10), h.AvailableAt);
    }

    [Fact]
    public void Evaluate_CooldownEndsExactlyNow_IsMatched()
    {
        var counter = new ExecutionCounter(1, Now.AddMinutes(-5), Now);

        var result = PolicyEvaluator.Evaluate([Policies[1]], "checkout", T(("latency_p99", 900)), _ => counter, Now);

        Assert.Single(result.Matched);
    }

    [Fact]
    public void Evaluate_StoreUnreachable_MatchesFromConfigAndSaysStateUnknown()
    {
        var result = PolicyEvaluator.Evaluate([Policies[1]], "checkout", T(("latency_p99", 900)), counters: null, Now);

        Assert.False(result.CounterStateKnown);
        Assert.Contains("unknown", Assert.Single(result.Matched).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScopedPolicy_NotApplicableElsewhere()
    {
        var scoped = Policies[1] with { Services = ["payments"] };

        var result = PolicyEvaluator.Evaluate([scoped], "checkout", T(("latency_p99", 900)), _ => ExecutionCounter.Empty, Now);

        Assert.Equal(PolicyStatus.NotApplicable, Assert.Single(result.Others).Status);
    }

    [Theory]
    [InlineData(MetricOperator.Gt, 1.0, false)]
    [InlineData(MetricOperator.Gte, 1.0, true)]
    [InlineData(MetricOperator.Lt, 1.0, false)]
    [InlineData(MetricOperator.Lte, 1.0, true)]
    [InlineData(MetricOperator.Eq, 1.0, true)]
    [InlineData(MetricOperator.Eq, 1.0000001, false)]
    [InlineData(MetricOperator.Lt, 0.99, true)]
    public void IsSatisfiedBy_Operators(MetricOperator op, double value, bool expected)
    {
        var sut = new PolicyCondition { Metric = "x", Operator = op, Threshold = 1.0 };

        Assert.Equal(expected, sut.IsSatisfiedBy(value));
    }

    [Theory]
    [InlineData(0.04)]
    [InlineData(650)]
    [InlineData(0.10999999999999999)]
    [InlineData(1.00005)]
    [InlineData(0.00005)]
    [InlineData(-0.0)]
    [InlineData(-2.5)]
    [InlineData(123456789012.5)]
    [InlineData(12345678901234.56)]
    [InlineData(1e16)]
    [InlineData(1e-7)]
    [InlineData(double.MaxValue)]
    public void Format_SameTextAsTheCustomFormat(double value)
    {
        Assert.Equal(value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), PolicyEvaluator.Format(value));
    }

    [Fact]
    public void Format_RandomValuesOfEveryScale_SameTextAsTheCustomFormat()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 200_000; i++)
        {
            var value = Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 18)), random.Next(0, 8));

            Assert.Equal(value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), PolicyEvaluator.Format(value));
        }
    }

    [Fact]
    public void Evaluate_SameConditionTwice_ReportsTheSameText()
    {
        var first = PolicyEvaluator.Evaluate([Policies[0]], "checkout", T(("latency_p99", 100)), _ => ExecutionCounter.Empty, Now);
        var second = PolicyEvaluator.Evaluate([Policies[0] with { Conditions = [Policies[0].Conditions[0] with { Threshold = 420 }] }], "checkout",
            T(("latency_p99", 100)), _ => ExecutionCounter.Empty, Now);

        Assert.Equal(Policies[0].Conditions[0].ToString(), Assert.Single(Assert.Single(first.Others).Conditions).Condition);
        Assert.EndsWith(" 420", Assert.Single(Assert.Single(second.Others).Conditions).Condition, StringComparison.Ordinal);
    }
}
