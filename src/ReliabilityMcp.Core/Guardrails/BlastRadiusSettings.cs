namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Limits on how much of the estate one request, and autonomous action overall, may touch.</summary>
public sealed record BlastRadiusSettings
{
    /// <summary>Most services (targets plus transitive dependants) one request may affect; more is denied.</summary>
    /// <value>Default 5.</value>
    public int MaxServices { get; init; } = 5;

    /// <summary>A blast radius of at least this many services raises risk one class.</summary>
    /// <value>Default 3.</value>
    public int RaiseRiskAt { get; init; } = 3;

    /// <summary>Most distinct services touched by autonomous executions within <see cref="WindowMinutes"/>; beyond it, approval.</summary>
    /// <value>Default 3.</value>
    public int MaxAutonomousServicesPerWindow { get; init; } = 3;

    /// <summary>Length of the rolling window, minutes.</summary>
    /// <value>Default 60.</value>
    public int WindowMinutes { get; init; } = 60;
}
