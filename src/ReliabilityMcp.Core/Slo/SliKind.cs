using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Slo;

/// <summary>What an SLO measures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SliKind>))]
public enum SliKind
{
    /// <summary>Good requests / all requests.</summary>
    [JsonStringEnumMemberName("availability")] Availability,

    /// <summary>Requests faster than (or as fast as) the threshold / all requests with a latency.</summary>
    [JsonStringEnumMemberName("latency")] Latency,
}
