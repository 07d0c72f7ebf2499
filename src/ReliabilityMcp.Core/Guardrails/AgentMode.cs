using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>What a principal declared it is doing.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentMode>))]
public enum AgentMode
{
    /// <summary>Read-only tools only: every state change is denied.</summary>
    [JsonStringEnumMemberName("explore")] Explore,

    /// <summary>May request state changes, subject to the guard.</summary>
    [JsonStringEnumMemberName("execute")] Execute,

    /// <summary>Every state change needs approval.</summary>
    [JsonStringEnumMemberName("escalate")] Escalate,
}
