namespace ReliabilityMcp.Core.Chaos;

/// <summary>One probe observation.</summary>
/// <param name="Probe">Probe name.</param>
/// <param name="Phase">Before, during or after the faults.</param>
/// <param name="Round">Probing round within the phase (all probes of a round are taken together).</param>
/// <param name="At">When it completed.</param>
/// <param name="Success">Expected status within the latency threshold.</param>
/// <param name="Status">HTTP status, or null when there was no answer (or for store probes).</param>
/// <param name="LatencyMs">Round-trip time, ms.</param>
/// <param name="Weight">Severity weight of the faults that could affect this probe (0 outside the during phase).</param>
/// <param name="Error">Why there was no answer, if so.</param>
public sealed record ProbeSample(
    string Probe, ChaosPhase Phase, int Round, DateTimeOffset At, bool Success, int? Status, double LatencyMs, double Weight, string? Error = null)
{
    /// <summary>A server-side failure: 5xx or no answer at all.</summary>
    public bool IsError => Status is null or >= 500;
}
