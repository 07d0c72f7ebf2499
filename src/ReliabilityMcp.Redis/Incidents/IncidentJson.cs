using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Redis.Incidents;

/// <summary>How incidents and outcomes are serialised in the store: snake_case, enums by wire name.</summary>
internal static class IncidentJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
