using System.Collections.Frozen;

namespace ReliabilityMcp.Core.Actions;

/// <summary>Wire names of <see cref="ActionType"/> (snake_case), parsed strictly.</summary>
public static class ActionTypeNames
{
    private static readonly FrozenDictionary<ActionType, string> Names = new Dictionary<ActionType, string>
    {
        [ActionType.Restart] = "restart",
        [ActionType.ScaleOut] = "scale_out",
        [ActionType.Rollback] = "rollback",
        [ActionType.CircuitBreaker] = "circuit_breaker",
        [ActionType.TrafficShift] = "traffic_shift",
        [ActionType.Failover] = "failover",
        [ActionType.AlertTeam] = "alert_team",
        [ActionType.Custom] = "custom",
        [ActionType.ChaosExperiment] = "chaos_experiment",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, ActionType> ByName =
        Names.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>All wire names, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<ActionType>().Select(t => Names[t])];

    /// <summary>The wire name of <paramref name="type"/>.</summary>
    public static string ToWireName(this ActionType type) => Names[type];

    /// <summary>Parses an exact wire name (lower-case, snake_case); anything else is not an action.</summary>
    public static bool TryParse(string? name, out ActionType type) => ByName.TryGetValue(name ?? string.Empty, out type);
}
