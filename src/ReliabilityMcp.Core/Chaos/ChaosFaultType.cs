using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>Fault kinds. The first four are the middleware contract's; <see cref="Outage"/> is for the control plane.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChaosFaultType>))]
public enum ChaosFaultType
{
    /// <summary>Delay (latency_ms plus up to jitter_ms).</summary>
    [JsonStringEnumMemberName("latency")] Latency,

    /// <summary>Answer an error status instead of serving.</summary>
    [JsonStringEnumMemberName("error")] Error,

    /// <summary>Drop the connection (seen by clients as a reset or timeout).</summary>
    [JsonStringEnumMemberName("abort")] Abort,

    /// <summary>Garble the response body.</summary>
    [JsonStringEnumMemberName("corrupt")] Corrupt,

    /// <summary>Control plane only: every store command fails as if the store were down.</summary>
    [JsonStringEnumMemberName("outage")] Outage,
}
