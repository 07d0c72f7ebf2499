using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>How far the server lets agents act (shared/DESIGN.md §4).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperatingMode>))]
public enum OperatingMode
{
    /// <summary>Nothing executes: requests return a what-if plan.</summary>
    [JsonStringEnumMemberName("advisory")] Advisory,

    /// <summary>Everything needs approval.</summary>
    [JsonStringEnumMemberName("approval")] Approval,

    /// <summary>Executes when every check passes.</summary>
    [JsonStringEnumMemberName("autonomous")] Autonomous,
}
