namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Per-principal overrides of the guard settings.</summary>
public sealed record PrincipalSettings
{
    /// <summary>The principal's agent mode.</summary>
    public AgentMode Mode { get; init; } = AgentMode.Execute;

    /// <summary>Overrides the server's default operating mode for this principal.</summary>
    public OperatingMode? OperatingMode { get; init; }
}
