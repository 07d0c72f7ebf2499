using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Actions;

/// <summary>The action catalogue's entry for one <see cref="ActionType"/>.</summary>
public sealed record ActionDefinition
{
    /// <summary>Whether the action can be undone by a recorded inverse. Irreversible actions rise one risk class.</summary>
    public bool Reversible { get; init; } = true;

    /// <summary>Risk before blast radius, data sensitivity and compliance are considered.</summary>
    public RiskClass BaseRisk { get; init; } = RiskClass.Medium;

    /// <summary>Name of the executor that performs the action (configured by the remediation feature).</summary>
    public string? Executor { get; init; }

    /// <summary>A blacklisted action is denied whatever else is true.</summary>
    public bool Blacklisted { get; init; }

    /// <summary>Cooldown per service when the action is requested without a motivating policy.</summary>
    public int CooldownSeconds { get; init; } = 60;

    /// <summary>Executions per rolling hour per service when requested without a motivating policy.</summary>
    public int MaxExecutionsPerHour { get; init; } = 20;
}
