using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>What the guard decided.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GuardOutcome>))]
public enum GuardOutcome
{
    /// <summary>Every check passed: the action may execute now.</summary>
    [JsonStringEnumMemberName("allow")] Allow,

    /// <summary>A human (one or two distinct approvers) must approve first.</summary>
    [JsonStringEnumMemberName("needs_approval")] NeedsApproval,

    /// <summary>Advisory mode: return the plan and its predicted effect; nothing runs.</summary>
    [JsonStringEnumMemberName("what_if")] WhatIf,

    /// <summary>At least one check failed; every failed check is named.</summary>
    [JsonStringEnumMemberName("deny")] Deny,
}
