using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Actions;

/// <summary>
/// The typed remediation actions (shared/DESIGN.md §3). Every guard check that concerns an action —
/// blacklist, cooldown, rate limit — matches on this value, never on free text.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionType>))]
public enum ActionType
{
    /// <summary>Restart the target's instances.</summary>
    [JsonStringEnumMemberName("restart")] Restart,

    /// <summary>Add capacity.</summary>
    [JsonStringEnumMemberName("scale_out")] ScaleOut,

    /// <summary>Roll back to the previous release.</summary>
    [JsonStringEnumMemberName("rollback")] Rollback,

    /// <summary>Open a circuit breaker in front of the target.</summary>
    [JsonStringEnumMemberName("circuit_breaker")] CircuitBreaker,

    /// <summary>Shift traffic away from the target.</summary>
    [JsonStringEnumMemberName("traffic_shift")] TrafficShift,

    /// <summary>Fail over to a standby.</summary>
    [JsonStringEnumMemberName("failover")] Failover,

    /// <summary>Page or notify the owning team.</summary>
    [JsonStringEnumMemberName("alert_team")] AlertTeam,

    /// <summary>An operator-defined action with its own catalogue entry.</summary>
    [JsonStringEnumMemberName("custom")] Custom,

    /// <summary>A chaos experiment (fault injection) against the target: guarded like any other state change.</summary>
    [JsonStringEnumMemberName("chaos_experiment")] ChaosExperiment,
}
