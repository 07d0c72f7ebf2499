using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>How bad an incident was. Wire names are lower-case (<c>low</c> ... <c>critical</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentSeverity>))]
public enum IncidentSeverity
{
    /// <summary>Minor degradation, no customer impact to speak of.</summary>
    [JsonStringEnumMemberName("low")] Low,

    /// <summary>Partial degradation of one service.</summary>
    [JsonStringEnumMemberName("medium")] Medium,

    /// <summary>Major degradation or outage of one service.</summary>
    [JsonStringEnumMemberName("high")] High,

    /// <summary>Outage with wide customer impact.</summary>
    [JsonStringEnumMemberName("critical")] Critical,
}
