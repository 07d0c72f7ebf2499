using System.Text.Json;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>What one call to the AppHost control API came back with.</summary>
/// <param name="StatusCode">The HTTP status, or null when no answer came.</param>
/// <param name="Body">The JSON body, when there was one.</param>
/// <param name="Text">The body as text, bounded.</param>
/// <param name="Failure">Why no answer came (unreachable, timeout), or null.</param>
internal sealed record ProcessControlAnswer(int? StatusCode, JsonElement? Body, string Text, string? Failure)
{
    /// <summary>A 2xx answer.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>The problem's <c>detail</c> (else <c>title</c>, else the text) of an error answer.</summary>
    public string Problem =>
        Body is { ValueKind: JsonValueKind.Object } body
            ? Property(body, "detail") ?? Property(body, "title") ?? Text
            : Text;

    private static string? Property(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
