using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>How a steady-state probe is taken.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChaosProbeType>))]
public enum ChaosProbeType
{
    /// <summary>An HTTP GET (path on the target, or an absolute URL).</summary>
    [JsonStringEnumMemberName("http")] Http,

    /// <summary>Control plane: a round trip to the server's own store through its (faultable) connection.</summary>
    [JsonStringEnumMemberName("store")] Store,
}
