using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace ReliabilityMcp.Server.Http;

/// <summary>
/// From revision 2026-07-28 (SEP-2243) clients mirror the method and target name into headers so gateways can
/// route and filter without parsing bodies; a header that disagrees with the body would let a request mean one
/// thing to the gateway and another to us, so a mismatch or omission is refused (HeaderMismatch, -32020).
/// Earlier revisions define no such headers and are not checked.
/// </summary>
internal static class StandardHeaderValidator
{
    /// <summary>The JSON-RPC error code for a header that is missing or disagrees with the body.</summary>
    public const int HeaderMismatchCode = -32020;

    /// <summary>Returns an error message, or <see langword="null"/> when the headers agree with the message.</summary>
    public static string? Validate(IHeaderDictionary headers, string protocolVersion, JsonRpcMessage message)
    {
        var (method, parameters) = message switch
        {
            JsonRpcRequest request => (request.Method, request.Params),
            JsonRpcNotification notification => (notification.Method, notification.Params),
            _ => (null, null),
        };
        if (method is null)
        {
            return null;
        }

        var methodHeader = headers[McpHttpHeaders.Method];
        if (methodHeader.Count != 1)
        {
            return $"Header mismatch: protocol version {protocolVersion} requires exactly one {McpHttpHeaders.Method} header carrying '{method}'.";
        }

        if (!string.Equals(methodHeader.ToString(), method, StringComparison.Ordinal))
        {
            return $"Header mismatch: {McpHttpHeaders.Method} '{methodHeader}' does not match the body's method '{method}'.";
        }

        var metaVersion = (parameters as JsonObject)?["_meta"] is JsonObject meta
            && meta["io.modelcontextprotocol/protocolVersion"] is JsonValue versionValue
            && versionValue.TryGetValue<string>(out var version) ? version : null;
        if (metaVersion is not null && !string.Equals(metaVersion, protocolVersion, StringComparison.Ordinal))
        {
            return $"Header mismatch: {McpHttpHeaders.ProtocolVersion} '{protocolVersion}' does not match the body's _meta protocol version '{metaVersion}'.";
        }

        var nameProperty = method switch
        {
            RequestMethods.ToolsCall or RequestMethods.PromptsGet => "name",
            RequestMethods.ResourcesRead => "uri",
            _ => null,
        };
        if (nameProperty is null)
        {
            return null;
        }

        var bodyName = (parameters as JsonObject)?[nameProperty] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var nameHeader = headers[McpHttpHeaders.Name];
        if (nameHeader.Count != 1)
        {
            return $"Header mismatch: {method} requires exactly one {McpHttpHeaders.Name} header carrying params.{nameProperty}.";
        }

        var decoded = McpHeaderEncoder.DecodeValue(nameHeader.ToString());
        return string.Equals(decoded, bodyName, StringComparison.Ordinal)
            ? null
            : $"Header mismatch: {McpHttpHeaders.Name} does not match params.{nameProperty} of the body.";
    }
}
