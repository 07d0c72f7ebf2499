namespace ReliabilityMcp.Core.Chaos;

/// <summary>The result of a run.</summary>
public sealed record ChaosScore
{
    /// <summary>Resilience score 0–100: probe success during the faults weighted by fault severity; null when nothing was injected.</summary>
    public double? ResilienceScore { get; init; }

    /// <summary>Share of steady-state samples that succeeded, 0–1.</summary>
    public double? SuccessRatioBefore { get; init; }

    /// <summary>Share of samples during the faults that succeeded, 0–1.</summary>
    public double? SuccessRatioDuring { get; init; }

    /// <summary>Drop in probe success during the faults, percentage points (0 = no visible degradation).</summary>
    public double? DegradationPercent { get; init; }

    /// <summary>95th percentile probe latency before injection, ms.</summary>
    public double? LatencyP95BeforeMs { get; init; }

    /// <summary>95th percentile probe latency during the faults, ms.</summary>
    public double? LatencyP95DuringMs { get; init; }

    /// <summary>Seconds from fault removal to the first round in which every probe succeeded; null if it never did.</summary>
    public double? RecoverySeconds { get; init; }
}
