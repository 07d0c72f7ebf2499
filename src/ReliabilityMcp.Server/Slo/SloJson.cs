using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Server.Slo;

/// <summary>JSON for the ingestion API: snake_case like the configuration file, unknown fields rejected so typos surface.</summary>
internal static class SloJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
