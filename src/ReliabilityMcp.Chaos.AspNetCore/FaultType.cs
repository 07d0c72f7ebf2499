using System.Text.Json.Serialization;

namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>What a fault does to a matching request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultType>))]
public enum FaultType
{
    /// <summary>Delays the request by <see cref="FaultSpec.LatencyMs"/> plus up to <see cref="FaultSpec.JitterMs"/>.</summary>
    [JsonStringEnumMemberName("latency")] Latency,

    /// <summary>Answers <see cref="FaultSpec.StatusCode"/> instead of running the endpoint.</summary>
    [JsonStringEnumMemberName("error")] Error,

    /// <summary>Aborts the connection without a response (what a client sees as a reset or a timeout).</summary>
    [JsonStringEnumMemberName("abort")] Abort,

    /// <summary>Runs the endpoint, then garbles the response body (same length, bytes flipped).</summary>
    [JsonStringEnumMemberName("corrupt")] Corrupt,
}
