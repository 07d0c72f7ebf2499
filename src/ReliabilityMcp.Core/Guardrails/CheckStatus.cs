using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Result of one guard check.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    /// <summary>The check passed.</summary>
    [JsonStringEnumMemberName("passed")] Passed,

    /// <summary>The check requires human approval.</summary>
    [JsonStringEnumMemberName("needs_approval")] NeedsApproval,

    /// <summary>The check failed: the request is denied.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
