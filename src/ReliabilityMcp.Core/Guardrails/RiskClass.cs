using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Risk of an action (shared/DESIGN.md §4): LOW and MEDIUM may run autonomously, HIGH needs one approval, CRITICAL two.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RiskClass>))]
public enum RiskClass
{
    /// <summary>Reversible, small blast radius, no sensitive data.</summary>
    [JsonStringEnumMemberName("low")] Low = 0,

    /// <summary>May run autonomously.</summary>
    [JsonStringEnumMemberName("medium")] Medium = 1,

    /// <summary>Needs one approval.</summary>
    [JsonStringEnumMemberName("high")] High = 2,

    /// <summary>Needs two distinct approvers.</summary>
    [JsonStringEnumMemberName("critical")] Critical = 3,
}
