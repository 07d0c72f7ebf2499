using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Policies;

/// <summary>Where a policy stands for one service and telemetry snapshot.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyStatus>))]
public enum PolicyStatus
{
    /// <summary>All conditions hold and nothing holds it back.</summary>
    [JsonStringEnumMemberName("matched")] Matched,

    /// <summary>At least one condition does not hold (or its metric is missing).</summary>
    [JsonStringEnumMemberName("not_matched")] NotMatched,

    /// <summary>Conditions hold, but the policy's cooldown on this service is running.</summary>
    [JsonStringEnumMemberName("cooling_down")] CoolingDown,

    /// <summary>Conditions hold, but the hourly execution cap on this service is reached.</summary>
    [JsonStringEnumMemberName("hourly_cap_reached")] HourlyCapReached,

    /// <summary>The policy is disabled in configuration.</summary>
    [JsonStringEnumMemberName("disabled")] Disabled,

    /// <summary>The policy is scoped to other services.</summary>
    [JsonStringEnumMemberName("not_applicable")] NotApplicable,
}
