using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace ReliabilityMcp.Server.Http;

/// <summary>
/// What the SDK's Streamable HTTP handler (2.4.0) does not check or answers differently, run on a POST before it: the
/// size limit (<see cref="McpHttpOptions.MaxRequestBodyBytes"/>, 413, chunked bodies included), repeated JSON keys
/// (400, JSON-RPC -32600), a body that is not JSON (400, -32700 Parse error as JSON-RPC asks; the SDK says -32600). A Content-Type
/// other than JSON never gets here: routing answers 415 from the SDK endpoint's metadata. A repeated key means one thing to one parser (first wins) and another to the next (last
/// wins), and a JsonObject holding one throws when first read (issue 17: it surfaced as HTTP 500). The body is read
/// once into a pooled buffer and handed to the SDK from there.
/// </summary>
internal static class McpRequestBodyGuard
{
    private static readonly JsonDocumentOptions UniqueKeys = new() { AllowDuplicateProperties = false };

    /// <summary>Checks a POST's body, then runs <paramref name="next"/> (the SDK) on it; other methods go straight through.</summary>
    public static async Task InvokeAsync(HttpContext context, long limit, RequestDelegate next)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await next(context);
            return;
        }

        if (request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Let Kestrel stop a chunked body at the limit too, instead of its 30 MB default.
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        RequestBody body;
        try
        {
            body = await RequestBody.ReadAsync(request, limit, context.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        using (body)
        {
            if (body.TooLarge)
            {
                await WriteTooLargeAsync(context, limit);
                return;
            }

            if (Refusal(body.Memory) is { } refusal)
            {
                await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, refusal.Code, refusal.Message, context.RequestAborted);
                return;
            }

            using var stream = body.AsStream();
            request.Body = stream;
            await next(context);
        }
    }

    /// <summary>Why the body is refused (not JSON, or a key repeated at some level); null when the SDK may read it.</summary>
    private static (int Code, string Message)? Refusal(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, UniqueKeys);
            return null;
        }
        catch (JsonException exception)
        {
            try
            {
                using var lenient = JsonDocument.Parse(json);
                return (JsonRpcErrorResponse.InvalidRequestCode, $"Invalid Request: duplicate keys are not allowed in a JSON-RPC message ({exception.Message}).");
            }
            catch (JsonException)
            {
                return (JsonRpcErrorResponse.ParseErrorCode, "Parse error: the body is not valid JSON.");
            }
        }
    }

    private static Task WriteTooLargeAsync(HttpContext context, long limit)
        => JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, JsonRpcErrorResponse.ServerErrorCode,
            $"Payload Too Large: request bodies are limited to {limit} bytes (Mcp:Http:MaxRequestBodyBytes).", context.RequestAborted);
}
