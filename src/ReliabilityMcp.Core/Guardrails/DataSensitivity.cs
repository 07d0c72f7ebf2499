using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Most sensitive data a service holds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DataSensitivity>))]
public enum DataSensitivity
{
    /// <summary>Public data.</summary>
    [JsonStringEnumMemberName("public")] Public = 0,

    /// <summary>Internal data.</summary>
    [JsonStringEnumMemberName("internal")] Internal = 1,

    /// <summary>Confidential data (customer records): raises risk one class.</summary>
    [JsonStringEnumMemberName("confidential")] Confidential = 2,

    /// <summary>Restricted data (payment, health): raises risk one class.</summary>
    [JsonStringEnumMemberName("restricted")] Restricted = 3,
}
