using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>
/// Answers a tools/call that omits a required argument with a tool error naming the argument and quoting its
/// description. Without it the SDK's binder fails with a generic "An error occurred invoking ..." that tells a
/// model nothing about what to send instead.
/// </summary>
internal static class RequiredArgumentsFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Create(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is McpServerTool tool && Missing(tool.ProtocolTool.InputSchema, context.Params?.Arguments) is { Count: > 0 } missing)
            {
                var lines = missing.Select(m => m.Description is { Length: > 0 } d ? $"'{m.Name}': {d}" : $"'{m.Name}'");
                return new CallToolResult
                {
                    IsError = true,
                    Content = [new TextContentBlock { Text = $"{tool.ProtocolTool.Name} is missing required argument(s): {string.Join("; ", lines)}" }],
                };
            }

            return await next(context, cancellationToken).ConfigureAwait(false);
        };

    private static List<(string Name, string? Description)> Missing(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        var missing = new List<(string, string?)>();
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("required", out var required) || required.ValueKind != JsonValueKind.Array)
        {
            return missing;
        }

        schema.TryGetProperty("properties", out var properties);
        foreach (var name in required.EnumerateArray().Select(r => r.GetString()).OfType<string>())
        {
            if (arguments is not null && arguments.ContainsKey(name))
            {
                continue;
            }

            string? description = null;
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var property)
                && property.TryGetProperty("description", out var text) && text.ValueKind == JsonValueKind.String)
            {
                description = text.GetString();
            }

            missing.Add((name, description));
        }

        return missing;
    }
}
