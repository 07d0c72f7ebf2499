using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Policies;

/// <summary>One policy's evaluation.</summary>
public sealed record PolicyResult
{
    /// <summary>Policy name.</summary>
    public required string Name { get; init; }

    /// <summary>1 (first) to 5.</summary>
    public required int Priority { get; init; }

    /// <summary>Outcome.</summary>
    public required PolicyStatus Status { get; init; }

    /// <summary>The actions the policy recommends.</summary>
    public required IReadOnlyList<ActionType> Actions { get; init; }

    /// <summary>Every condition with its observed value.</summary>
    public required IReadOnlyList<ConditionResult> Conditions { get; init; }

    /// <summary>One sentence saying why the policy has this status.</summary>
    public required string Reason { get; init; }

    /// <summary>When a cooling-down or capped policy becomes available again.</summary>
    public DateTimeOffset? AvailableAt { get; init; }

    /// <summary>Cooldown, seconds.</summary>
    public int CooldownSeconds { get; init; }

    /// <summary>Executions in the last hour on this service, when known.</summary>
    public int? ExecutionsLastHour { get; init; }

    /// <summary>Hourly cap.</summary>
    public int MaxExecutionsPerHour { get; init; }
}
