using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>Where an experiment is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChaosExperimentStatus>))]
public enum ChaosExperimentStatus
{
    /// <summary>Accepted; checking the steady state.</summary>
    [JsonStringEnumMemberName("steady_state_check")] SteadyStateCheck,

    /// <summary>Faults in force; abort conditions watched.</summary>
    [JsonStringEnumMemberName("injecting")] Injecting,

    /// <summary>Faults removed (or expiring); waiting for the target to recover.</summary>
    [JsonStringEnumMemberName("recovering")] Recovering,

    /// <summary>Ran to the end and was scored.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>An abort condition held: faults were removed early; scored on what was seen.</summary>
    [JsonStringEnumMemberName("aborted")] Aborted,

    /// <summary>The steady state did not hold: nothing was injected.</summary>
    [JsonStringEnumMemberName("steady_state_failed")] SteadyStateFailed,

    /// <summary>Injection failed (target unreachable, refused the token…); whatever went in was removed.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The server running it died; its faults ended by their own expiry.</summary>
    [JsonStringEnumMemberName("interrupted")] Interrupted,
}
