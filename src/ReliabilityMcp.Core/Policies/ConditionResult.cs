namespace ReliabilityMcp.Core.Policies;

/// <summary>How one condition fared: the observed value, whether it held and by how much it missed.</summary>
/// <param name="Condition">The condition, e.g. <c>latency_p99 &gt; 500</c>.</param>
/// <param name="Satisfied">Whether the condition held.</param>
/// <param name="Actual">The observed value, or null when the telemetry did not include the metric.</param>
/// <param name="Margin">Observed minus threshold (positive means above the threshold); null when missing.</param>
public sealed record ConditionResult(string Condition, bool Satisfied, double? Actual = null, double? Margin = null);
