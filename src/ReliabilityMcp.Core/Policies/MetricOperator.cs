using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Policies;

/// <summary>Comparison of a telemetry value against a policy threshold.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricOperator>))]
public enum MetricOperator
{
    /// <summary>value &gt; threshold.</summary>
    [JsonStringEnumMemberName("gt")] Gt,

    /// <summary>value &gt;= threshold.</summary>
    [JsonStringEnumMemberName("gte")] Gte,

    /// <summary>value &lt; threshold.</summary>
    [JsonStringEnumMemberName("lt")] Lt,

    /// <summary>value &lt;= threshold.</summary>
    [JsonStringEnumMemberName("lte")] Lte,

    /// <summary>|value - threshold| &lt;= 1e-9 × max(1, |threshold|): doubles are never compared bit for bit.</summary>
    [JsonStringEnumMemberName("eq")] Eq,
}
