namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// Counter state the guard needs, read from the store for one request. Reading never spends anything: the
/// remediation path spends atomically (Lua) only when an action really executes.
/// </summary>
public sealed record GuardCounters
{
    /// <summary>Cooldown/hourly counters: per <see cref="CounterKey.Key"/>, per target service.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ExecutionCounter>> PerKey { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, ExecutionCounter>>();

    /// <summary>The principal's executions inside its rate-limit window.</summary>
    public ExecutionCounter Principal { get; init; } = ExecutionCounter.Empty;

    /// <summary>The action type's executions inside its rate-limit window (all principals).</summary>
    public ExecutionCounter Action { get; init; } = ExecutionCounter.Empty;

    /// <summary>Distinct services touched by autonomous executions inside the rolling window.</summary>
    public IReadOnlySet<string> ServicesTouchedAutonomously { get; init; } = new HashSet<string>();

    /// <summary>The counter of <paramref name="key"/> on <paramref name="target"/> (empty when never spent).</summary>
    public ExecutionCounter For(string key, string target) =>
        PerKey.GetValueOrDefault(key)?.GetValueOrDefault(target) ?? ExecutionCounter.Empty;
}
