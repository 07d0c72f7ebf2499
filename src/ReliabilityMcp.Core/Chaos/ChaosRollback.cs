using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>When faults are removed explicitly (they always also expire on their own).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChaosRollback>))]
public enum ChaosRollback
{
    /// <summary>Remove at the end of the run and on abort.</summary>
    [JsonStringEnumMemberName("always")] Always,

    /// <summary>Remove only on abort (deviation); otherwise faults run out their duration and expire.</summary>
    [JsonStringEnumMemberName("on_deviation")] OnDeviation,
}
