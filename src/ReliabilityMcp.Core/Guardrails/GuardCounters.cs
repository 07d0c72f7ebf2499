namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// Counter state the guard needs, read from the store for one request. Reading never spends anything: the
/// remediation path spends atomically (Lua) only when an action really executes.
/// </summary>
public sealed record GuardCounters
{
    /// <summary>Cooldown/hourly counter per target service for the request's (policy or action) key.</summary>
    public IReadOnlyDictionary<string, ExecutionCounter> PerTarget { get; init; } = new Dictionary<string, ExecutionCounter>();

    /// <summary>The principal's executions inside its rate-limit window.</summary>
    public ExecutionCounter Principal { get; init; } = ExecutionCounter.Empty;

    /// <summary>The action type's executions inside its rate-limit window (all principals).</summary>
    public ExecutionCounter Action { get; init; } = ExecutionCounter.Empty;

    /// <summary>Distinct services touched by autonomous executions inside the rolling window.</summary>
    public IReadOnlySet<string> ServicesTouchedAutonomously { get; init; } = new HashSet<string>();
}
