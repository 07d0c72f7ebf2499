using System.Text.Json;
using ReliabilityMcp.Core.Chaos;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>What a chaos approval carries: the run exactly as the guard judged it (template with parameters applied).</summary>
/// <param name="TemplateName">Template name.</param>
/// <param name="Target">Target.</param>
/// <param name="DurationSeconds">Run length.</param>
/// <param name="Template">The template as it will run.</param>
public sealed record ChaosApprovalPayload(string TemplateName, string Target, int DurationSeconds, ChaosTemplate Template)
{
    /// <summary>Payload serializer options (snake_case).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
