using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Policies;

/// <summary>A deterministic healing rule: when every condition holds, its actions are recommended.</summary>
public sealed record HealingPolicy
{
    /// <summary>Unique name (lower-case, digits, '-', '_').</summary>
    public required string Name { get; init; }

    /// <summary>What the policy is for.</summary>
    public string Description { get; init; } = "";

    /// <summary>Disabled policies are reported as such and never match.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Conditions, combined with AND. At least one.</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];

    /// <summary>Actions recommended when the policy matches, in order. At least one.</summary>
    public IReadOnlyList<ActionType> Actions { get; init; } = [];

    /// <summary>1 (first) to 5.</summary>
    public int Priority { get; init; } = 3;

    /// <summary>Seconds after an execution on a service before the policy may execute there again.</summary>
    public int CooldownSeconds { get; init; }

    /// <summary>Executions allowed per rolling hour per service.</summary>
    public int MaxExecutionsPerHour { get; init; } = 10;

    /// <summary>Services the policy applies to; empty means every service.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Whether the policy applies to <paramref name="service"/>.</summary>
    public bool AppliesTo(string service) => Services.Count == 0 || Services.Contains(service, StringComparer.Ordinal);
}
