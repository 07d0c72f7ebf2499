namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// How the agent's own confidence gates action: below <see cref="EscalateBelow"/> nothing runs (escalate to a
/// human), up to and including <see cref="AutonomousAbove"/> approval is needed, above it the action may run.
/// </summary>
public sealed record ConfidenceSettings
{
    /// <summary>Confidence strictly below this denies the request (escalate, no action).</summary>
    /// <value>Default 0.5.</value>
    public double EscalateBelow { get; init; } = 0.5;

    /// <summary>Confidence strictly above this may run autonomously.</summary>
    /// <value>Default 0.8.</value>
    public double AutonomousAbove { get; init; } = 0.8;
}
