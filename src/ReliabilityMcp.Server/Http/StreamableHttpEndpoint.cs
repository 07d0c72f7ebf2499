using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ReliabilityMcp.Server.Http;

/// <summary>
/// Stateless Streamable HTTP (MCP transports spec): a plain tools/call of a tool that needs no session is answered
/// by <see cref="DirectToolCalls"/>; every other POST gets its own <see cref="StreamableHttpServerTransport"/> and
/// <see cref="McpServer"/>, which live exactly as long as the request. Nothing is kept between requests, so
/// any replica can serve any request; there are no sessions, hence no GET stream and no DELETE.
/// Authentication and DNS-rebinding checks have run before this handler (see <see cref="McpEndpointRouteBuilderExtensions"/>).
/// </summary>
internal sealed partial class StreamableHttpEndpoint(
    IOptions<McpHttpOptions> httpOptions,
    IOptions<McpServerOptions> serverOptions,
    DirectToolCalls directToolCalls,
    ILoggerFactory loggerFactory,
    ILogger<StreamableHttpEndpoint> logger)
{
    /// <summary>How a JSON-RPC message is read and written (the SDK's own contract); shared with <see cref="DirectToolCalls"/>.</summary>
    internal static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonDocumentOptions UniqueKeys = new() { AllowDuplicateProperties = false };

    /// <summary>Handles one POSTed JSON-RPC message.</summary>
    public async Task HandlePostAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        var protocolVersion = request.Headers[McpHttpHeaders.ProtocolVersion].ToString();
        if (protocolVersion.Length > 0 && !McpHttpHeaders.SupportedProtocolVersions.Contains(protocolVersion))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.InvalidRequestCode,
                $"Bad Request: unsupported {McpHttpHeaders.ProtocolVersion} '{Truncate(protocolVersion)}'. Supported: {string.Join(", ", McpHttpHeaders.SupportedProtocolVersions)}.",
                cancellationToken);
            return;
        }

        // The client MUST accept both (Streamable HTTP, "Sending Messages to the Server").
        var accept = request.GetTypedHeaders().Accept;
        if (!accept.Any(value => value.MatchesMediaType("application/json")) || !accept.Any(value => value.MatchesMediaType("text/event-stream")))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status406NotAcceptable, JsonRpcErrorResponse.ServerErrorCode,
                "Not Acceptable: the Accept header must include both application/json and text/event-stream.", cancellationToken);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, JsonRpcErrorResponse.ServerErrorCode,
                "Unsupported Media Type: POST a JSON-RPC message with Content-Type: application/json.", cancellationToken);
            return;
        }

        var limit = httpOptions.Value.MaxRequestBodyBytes;
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

        JsonRpcMessage? message;
        try
        {
            using var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
            if (body.TooLarge)
            {
                await WriteTooLargeAsync(context, limit);
                return;
            }

            if (!TryParse(body.Memory, out message, out var parseError))
            {
                await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, parseError.Code, parseError.Message, cancellationToken);
                return;
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        if (protocolVersion.Length > 0 && McpHttpHeaders.RequiresStandardHeaders(protocolVersion)
            && StandardHeaderValidator.Validate(request.Headers, protocolVersion, message) is { } mismatch)
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, StandardHeaderValidator.HeaderMismatchCode, mismatch,
                cancellationToken, (message as JsonRpcMessageWithId)?.Id ?? default);
            return;
        }

        // The authenticated caller travels with the message: tools receive it as their ClaimsPrincipal parameter.
        // The header's revision becomes authoritative for the message, as the SDK expects from its HTTP host.
        message.Context = new JsonRpcMessageContext
        {
            User = context.User,
            ProtocolVersion = protocolVersion.Length > 0 ? protocolVersion : null,
        };

        await DispatchAsync(context, message, protocolVersion, cancellationToken);
    }

    /// <summary>GET (standalone SSE stream) and DELETE (session end) need sessions, which a stateless server has none of.</summary>
    public static Task HandleMethodNotAllowedAsync(HttpContext context)
    {
        context.Response.Headers.Allow = HttpMethods.Post;
        return JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, JsonRpcErrorResponse.ServerErrorCode,
            $"Method Not Allowed: this server is stateless (no sessions), so it offers no GET event stream and no DELETE; POST JSON-RPC messages instead.",
            context.RequestAborted);
    }

    private async Task DispatchAsync(HttpContext context, JsonRpcMessage message, string protocolVersion, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        // Proxies such as nginx must not hold back events of a streamed response.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        if (message is JsonRpcRequest request && directToolCalls.TryMatch(request, protocolVersion, out var parameters, out var tool))
        {
            try
            {
                await directToolCalls.RespondAsync(context, request, parameters, tool, protocolVersion, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogClientDisconnected();
            }

            return;
        }

        await using var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        // Request services, not a new scope: the server lives exactly as long as this request (ScopeRequests is off).
        await using var server = McpServer.Create(transport, serverOptions.Value, loggerFactory, context.RequestServices);
        var run = server.RunAsync(cancellationToken);
        bool wroteResponse;
        try
        {
            wroteResponse = await transport.HandlePostRequestAsync(message, response.Body, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogClientDisconnected();
            return;
        }
        finally
        {
            // Completing the transport ends the server's message loop after in-flight handlers finish.
            await transport.DisposeAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client went away; nothing is left to answer.
            }
        }

        if (!wroteResponse)
        {
            // Notifications and responses get 202 with no body.
            response.ContentType = null;
            response.Headers.CacheControl = default;
            response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private static bool TryParse(ReadOnlyMemory<byte> body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonRpcMessage? message, out (int Code, string Message) error)
    {
        error = default;
        var json = body.Span;
        try
        {
            message = JsonSerializer.Deserialize(json, MessageTypeInfo);
        }
        catch (JsonException exception)
        {
            message = null;
            error = !IsWellFormedJson(json)
                ? (JsonRpcErrorResponse.ParseErrorCode, "Parse error: the body is not valid JSON.")
                : json.TrimStart(" \t\r\n"u8) is [(byte)'[', ..]
                    ? (JsonRpcErrorResponse.InvalidRequestCode, "Invalid Request: JSON-RPC batches are not supported; send one message per POST.")
                    : (JsonRpcErrorResponse.InvalidRequestCode, $"Invalid Request: not a JSON-RPC 2.0 message ({exception.Message}).");
            return false;
        }

        if (message is null)
        {
            error = (JsonRpcErrorResponse.InvalidRequestCode, "Invalid Request: the body must be a JSON-RPC 2.0 message object.");
            return false;
        }

        if (RepeatedKey(body) is { } repeated)
        {
            message = null;
            error = (JsonRpcErrorResponse.InvalidRequestCode, $"Invalid Request: duplicate keys are not allowed in a JSON-RPC message ({repeated}).");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Why the body repeats a key at some level, or null when it does not. A repeated key means one thing to one parser
    /// (first wins) and another to the next (last wins), and a JsonObject holding one throws when first read (issue 17:
    /// it surfaced as HTTP 500 from the header check and the direct tools/call path). Refused here, once, for every
    /// consumer downstream.
    /// </summary>
    private static string? RepeatedKey(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, UniqueKeys);
            return null;
        }
        catch (JsonException exception)
        {
            return exception.Message;
        }
    }

    private static bool IsWellFormedJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Task WriteTooLargeAsync(HttpContext context, long limit)
        => JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, JsonRpcErrorResponse.ServerErrorCode,
            $"Payload Too Large: request bodies are limited to {limit} bytes (Mcp:Http:MaxRequestBodyBytes).", context.RequestAborted);

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";

    [LoggerMessage(EventId = 1201, EventName = "ClientDisconnected", Level = LogLevel.Debug,
        Message = "The client disconnected before the MCP response was complete")]
    private partial void LogClientDisconnected();
}
