using BenchmarkDotNet.Attributes;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Benchmarks.Policies;

/// <summary>
/// <see cref="PolicyEvaluator.Evaluate"/> over the shipped policies for a typical snapshot, per call, with
/// allocations and tail percentiles. No I/O: the counters are what the store read would have returned.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class PolicyEvaluatorBenchmarks
{
    private IReadOnlyList<HealingPolicy> _policies = [];
    private TelemetrySnapshot _snapshot = ShippedPolicies.TypicalSnapshot();
    private Dictionary<string, ExecutionCounter> _counters = [];
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _policies = ShippedPolicies.Load().Policies;
        _snapshot = ShippedPolicies.TypicalSnapshot();
        _now = new DateTimeOffset(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);

        // As after some activity: one matched policy executed twice this hour and cooling down, the rest idle.
        _counters = _policies.ToDictionary(p => p.Name, _ => ExecutionCounter.Empty, StringComparer.Ordinal);
        _counters["latency-circuit-breaker"] = new ExecutionCounter(2, _now.AddMinutes(-20), _now.AddMinutes(1));
    }

    /// <summary>Counters known (the normal case): two matched, one of them cooling down.</summary>
    [Benchmark(Baseline = true)]
    public PolicyEvaluation EvaluateWithCounters() =>
        PolicyEvaluator.Evaluate(_policies, ShippedPolicies.Service, _snapshot, p => _counters.GetValueOrDefault(p.Name) ?? ExecutionCounter.Empty, _now);

    /// <summary>Store unreachable: counter state unknown.</summary>
    [Benchmark]
    public PolicyEvaluation EvaluateWithoutCounters() =>
        PolicyEvaluator.Evaluate(_policies, ShippedPolicies.Service, _snapshot, null, _now);
}
