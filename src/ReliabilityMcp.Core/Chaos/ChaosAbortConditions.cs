namespace ReliabilityMcp.Core.Chaos;

/// <summary>When to stop an experiment early (any one suffices). Checked every watch interval while faults are in.</summary>
public sealed record ChaosAbortConditions
{
    /// <summary>Abort when more than this share of probe samples since injection failed. <value>Default 0.5.</value></summary>
    public double? ProbeFailureRatio { get; init; } = 0.5;

    /// <summary>Abort when more than this share of probe samples got a 5xx or no answer. <value>Default unset.</value></summary>
    public double? ErrorRatio { get; init; }

    /// <summary>Abort when the target's 5-minute burn rate (SLO engine) exceeds this. <value>Default 14.4 (page level).</value></summary>
    public double? BurnRate { get; init; } = 14.4;

    /// <summary>Samples needed before the ratios are judged. <value>Default 3.</value></summary>
    public int MinSamples { get; init; } = 3;
}
