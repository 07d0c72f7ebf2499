namespace ReliabilityMcp.Core.Chaos;

/// <summary>The steady state checked before anything is injected; if it does not hold, nothing is.</summary>
public sealed record ChaosSteadyState
{
    /// <summary>Rounds of every probe taken. <value>Default 3.</value></summary>
    public int Samples { get; init; } = 3;

    /// <summary>Share of samples that must succeed. <value>Default 1 (all).</value></summary>
    public double MinSuccessRatio { get; init; } = 1;

    /// <summary>Target's 5-minute burn rate must be at most this (SLO engine). <value>Default 2.</value></summary>
    public double? MaxBurnRate { get; init; } = 2;
}
