using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Server.Audit;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>
/// Checks a tools/call's argument names against the tool's input schema before the tool runs, the same way for every
/// tool and on both the SDK path and the direct tools/call path (both run the configured call-tool filters):
/// <list type="bullet">
/// <item>a missing required argument is answered with a tool error naming it and quoting its description (the SDK's
/// binder would fail with a generic "An error occurred invoking ..." that tells a model nothing);</item>
/// <item>an unknown name, at the top level or inside an object argument whose schema lists its properties, is an
/// <see cref="McpException"/> listing the valid names (issue 17: run_chaos's camelCase <c>parameters</c> silently
/// dropped the snake_case names its documentation gave).</item>
/// </list>
/// Every refusal, these and the tools' own <see cref="McpException"/>s for invalid input, is audited through
/// <see cref="RefusalAuditor"/>.
/// </summary>
internal static class ArgumentSchemaFilter
{
    // Object nesting this deep in a tool's arguments is not ours to check (none of our schemas nest past two).
    private const int MaxDepth = 8;

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Create(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var arguments = context.Params?.Arguments;
            try
            {
                if (context.MatchedPrimitive is McpServerTool tool)
                {
                    var schema = tool.ProtocolTool.InputSchema;
                    // Unknown names first: a model that spelled an argument differently learns the right name, not just that one is missing.
                    if (arguments is not null && Unknown(schema, arguments) is { } unknown)
                    {
                        throw new McpException($"{tool.ProtocolTool.Name} {unknown}");
                    }

                    if (Missing(schema, arguments) is { Count: > 0 } missing)
                    {
                        var lines = missing.Select(m => m.Description is { Length: > 0 } d ? $"'{m.Name}': {d}" : $"'{m.Name}'");
                        var text = $"{tool.ProtocolTool.Name} is missing required argument(s): {string.Join("; ", lines)}";
                        await AuditAsync(context, text, cancellationToken).ConfigureAwait(false);
                        return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = text }] };
                    }
                }

                return await next(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is McpException or JsonException or ArgumentException && !cancellationToken.IsCancellationRequested)
            {
                // McpException: the tool (or this filter) refused the input; JsonException/ArgumentException: the SDK's
                // binder could not bind an argument to its declared type.
                await AuditAsync(context, exception is McpException ? exception.Message : $"arguments do not match the schema ({exception.GetType().Name})",
                    cancellationToken).ConfigureAwait(false);
                throw;
            }
        };

    private static Task AuditAsync(RequestContext<CallToolRequestParams> context, string reason, CancellationToken cancellationToken) =>
        context.Services?.GetService(typeof(RefusalAuditor)) is RefusalAuditor auditor
            ? auditor.RecordToolCallAsync(context.User, context.Params?.Name ?? "", context.Params?.Arguments, reason, cancellationToken)
            : Task.CompletedTask;

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

    /// <summary>What is wrong with the first object holding names its schema does not list, or null when every name is known.</summary>
    private static string? Unknown(JsonElement schema, IDictionary<string, JsonElement> arguments)
    {
        if (!TryGetProperties(schema, out var properties))
        {
            return null;
        }

        if (arguments.Keys.Where(name => !properties.TryGetProperty(name, out _)).ToList() is { Count: > 0 } unknown)
        {
            return $"does not take argument(s) {Quote(unknown)}. Valid arguments: {string.Join(", ", properties.EnumerateObject().Select(p => p.Name))}.";
        }

        foreach (var (name, value) in arguments)
        {
            if (Unknown(properties.GetProperty(name), value, name, 1) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static string? Unknown(JsonElement schema, JsonElement value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (Unknown(items, item, $"{path}[{index++}]", depth + 1) is { } nested)
                {
                    return nested;
                }
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Object || !TryGetProperties(schema, out var properties))
        {
            return null;
        }

        var unknown = value.EnumerateObject().Select(p => p.Name).Where(name => !properties.TryGetProperty(name, out _)).ToList();
        if (unknown.Count > 0)
        {
            return $"does not take {Quote(unknown)} in '{path}'. Valid names there: {string.Join(", ", properties.EnumerateObject().Select(p => p.Name))}.";
        }

        foreach (var property in value.EnumerateObject())
        {
            if (Unknown(properties.GetProperty(property.Name), property.Value, $"{path}.{property.Name}", depth + 1) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>
    /// The listed properties of an object schema that admits nothing else. A schema with <c>additionalProperties</c>
    /// (a free map such as execute_remediation's <c>parameters</c>) or without <c>properties</c> is not checked.
    /// </summary>
    private static bool TryGetProperties(JsonElement schema, out JsonElement properties)
    {
        properties = default;
        return schema.ValueKind == JsonValueKind.Object
            && !(schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind != JsonValueKind.False)
            && schema.TryGetProperty("properties", out properties) && properties.ValueKind == JsonValueKind.Object;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{(n.Length <= 64 ? n : n[..64] + "…")}'"));
}
