using System.Text.Json;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>Tool arguments written as JSON, so a test sends exactly the document an agent would.</summary>
internal static class ToolArguments
{
    /// <summary>The members of the JSON object <paramref name="json"/> as call arguments.</summary>
    public static Dictionary<string, object?> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(member => member.Name, member => (object?)member.Value.Clone(), StringComparer.Ordinal);
    }
}
