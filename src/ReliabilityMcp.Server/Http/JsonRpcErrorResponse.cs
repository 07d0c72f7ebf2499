using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace ReliabilityMcp.Server.Http;

/// <summary>Writes HTTP error responses whose body is a JSON-RPC error, as MCP clients expect.</summary>
internal static class JsonRpcErrorResponse
{
    /// <summary>JSON-RPC: invalid JSON was received.</summary>
    public const int ParseErrorCode = -32700;

    /// <summary>JSON-RPC: the JSON is not a valid request object.</summary>
    public const int InvalidRequestCode = -32600;

    /// <summary>JSON-RPC: implementation-defined server error (transport-level refusals).</summary>
    public const int ServerErrorCode = -32000;

    private static readonly JsonTypeInfo<JsonRpcError> ErrorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    /// <summary>Writes <paramref name="statusCode"/> with a JSON-RPC error body.</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, int code, string message, CancellationToken cancellationToken, RequestId id = default, JsonNode? data = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var error = new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data } };
        await JsonSerializer.SerializeAsync(context.Response.Body, error, ErrorTypeInfo, cancellationToken);
    }
}
