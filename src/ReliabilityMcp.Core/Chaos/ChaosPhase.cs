using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>When a probe sample was taken.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChaosPhase>))]
public enum ChaosPhase
{
    /// <summary>Before injection (the steady-state check).</summary>
    [JsonStringEnumMemberName("steady_state")] SteadyState,

    /// <summary>While faults were in force.</summary>
    [JsonStringEnumMemberName("during")] During,

    /// <summary>After the faults were removed.</summary>
    [JsonStringEnumMemberName("recovery")] Recovery,
}
