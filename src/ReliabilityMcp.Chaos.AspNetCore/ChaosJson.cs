using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>The wire format of the control contract: snake_case JSON, unknown fields rejected so a typo is an error.</summary>
public static class ChaosJson
{
    /// <summary>Serializer options for fault specs and listings.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
