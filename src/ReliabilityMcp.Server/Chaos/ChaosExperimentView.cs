using ReliabilityMcp.Core.Chaos;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Structured answer of get_chaos_experiment and of the operator API.</summary>
/// <param name="Experiment">The record: status, faults, result, samples.</param>
/// <param name="Status">The status as a wire name.</param>
/// <param name="Timeline">Every step, in order.</param>
public sealed record ChaosExperimentView(ChaosExperiment Experiment, string Status, IReadOnlyList<ChaosTimelineEvent> Timeline);
