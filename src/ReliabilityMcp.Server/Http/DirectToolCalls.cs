using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Server.Hosting;

namespace ReliabilityMcp.Server.Http;

/// <summary>
/// Answers a plain stateless <c>tools/call</c> without building an <see cref="McpServer"/> and transport for it.
/// </summary>
/// <remarks>
/// <para>
/// Over HTTP every POST used to get its own SDK server and transport: a message loop, channel hand-offs between
/// tasks, a header flush, and the tool's answer serialised into a JsonNode and written again. For a read-only tool
/// that was about 40 % of the server's CPU per call (bench/http/README.md). This path keeps the SDK's own pieces
/// where behaviour lives: the same tool objects bind the arguments and run the method (<see cref="McpServerTool.InvokeAsync"/>),
/// the configured call-tool filters wrap it in the same order, and exceptions are mapped as the SDK 2.3.1 maps them:
/// an <see cref="McpProtocolException"/> becomes a JSON-RPC error, cancellation by the client ends the request with no
/// answer, any other exception becomes an <c>isError</c> result ("An error occurred invoking 'x': message" for an
/// <see cref="McpException"/>, without the message otherwise). The answer is written as the SDK writes it
/// (<c>event: message</c>, one <c>data:</c> line). The SDK's span and duration metric for the request are recorded
/// under the SDK's names, so dashboards see no difference.
/// </para>
/// <para>
/// Only requests where nothing else could differ take this path: a <c>tools/call</c> whose params hold only
/// <c>name</c> and <c>arguments</c> (no <c>_meta</c>: no progress token, no trace context, no per-request metadata;
/// no <c>task</c>), under a protocol revision with the initialize handshake (or no revision header), for one of our
/// tools that returns its own <see cref="CallToolResult"/> and takes no parameter bound to the session
/// (<see cref="ToolRegistration.BindsSession"/>). Everything else, and everything when <see cref="McpHttpOptions.DirectToolCalls"/>
/// is false or the server options carry message filters, alternate call-tool filters or a custom call-tool handler,
/// goes through the SDK as before. The differential tests (DirectToolCallTests) send the same requests to a server
/// with this path and one without it and compare the bytes.
/// </para>
/// <para>
/// One difference a client could observe: the SDK flushes the response headers before the tool runs, this path sends
/// them with the answer. Neither sends anything else until the answer, so a client or proxy waiting for data sees the
/// same silence; only the status line arrives later.
/// </para>
/// </remarks>
internal sealed partial class DirectToolCalls : IAsyncDisposable
{
    /// <summary>The MCP SDK's ActivitySource and Meter name.</summary>
    internal const string SdkTelemetryName = "Experimental.ModelContextProtocol";

    private static readonly ActivitySource SdkActivitySource = new(SdkTelemetryName);
    private static readonly Meter SdkMeter = new(SdkTelemetryName);

    // The same instrument as the SDK's (name, unit, description, buckets), so an exporter merges the two.
    private static readonly Histogram<double> OperationDuration = SdkMeter.CreateHistogram<double>(
        "mcp.server.operation.duration", "s",
        "MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] });

    private static readonly JsonTypeInfo<CallToolRequestParams> ParamsTypeInfo =
        (JsonTypeInfo<CallToolRequestParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolRequestParams));

    private static readonly JsonTypeInfo<CallToolResult> ResultTypeInfo =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    private static readonly JsonTypeInfo<RequestId> IdTypeInfo =
        (JsonTypeInfo<RequestId>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(RequestId));

    private readonly McpServerPrimitiveCollection<McpServerTool>? _tools;
    private readonly McpRequestHandler<CallToolRequestParams, CallToolResult> _pipeline;
    private readonly StreamableHttpServerTransport? _placeholderTransport;
    private readonly McpServer? _placeholder;
    private readonly ILogger _logger;

    public DirectToolCalls(IOptions<McpHttpOptions> httpOptions, IOptions<McpServerOptions> serverOptions, ILoggerFactory loggerFactory, IServiceProvider services)
    {
        var options = serverOptions.Value;
        _logger = loggerFactory.CreateLogger<DirectToolCalls>();
        _tools = options.ToolCollection;
        DisabledBecause = !httpOptions.Value.DirectToolCalls ? "Mcp:Http:DirectToolCalls is false"
            : options.Filters.Message.IncomingFilters.Count > 0 || options.Filters.Message.OutgoingFilters.Count > 0 ? "message filters are configured"
#pragma warning disable MCPEXP002 // evaluation API: read only to stay out of its way
            : options.Filters.Request.CallToolWithAlternateFilters.Count > 0 ? "alternate call-tool filters are configured"
#pragma warning restore MCPEXP002
            : options.Handlers.CallToolHandler is not null ? "a custom call-tool handler is configured"
            : options.ScopeRequests ? "ScopeRequests is on"
            : _tools is null or { Count: 0 } ? "there are no tools"
            : null;

        // Innermost: the matched tool runs (the SDK's dispatch); the filters wrap it, the first one outermost.
        McpRequestHandler<CallToolRequestParams, CallToolResult> pipeline = static (context, cancellationToken) =>
            context.MatchedPrimitive is McpServerTool tool
                ? tool.InvokeAsync(context, cancellationToken)
                : throw new McpProtocolException($"Unknown tool: '{context.Params?.Name}'", McpErrorCode.InvalidParams);
        var filters = options.Filters.Request.CallToolFilters;
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            pipeline = filters[i](pipeline);
        }

        _pipeline = pipeline;
        if (DisabledBecause is null)
        {
            // RequestContext requires a server. This one is never run and nothing reaches it: tools that could use the
            // session (server, request context, progress) are excluded in TryMatch.
            _placeholderTransport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
            _placeholder = McpServer.Create(_placeholderTransport, options, loggerFactory, services);
        }
    }

    /// <summary>Whether <paramref name="activity"/> was started by this path rather than by the SDK (for tests).</summary>
    internal static bool IsDirectSpan(Activity activity) => ReferenceEquals(activity.Source, SdkActivitySource);

    /// <summary>Why the direct path is off, or null when it is on.</summary>
    public string? DisabledBecause { get; }

    /// <summary>Whether <paramref name="request"/> can be answered directly; if so, its parsed params and tool.</summary>
    public bool TryMatch(
        JsonRpcRequest request, string protocolVersion,
        [NotNullWhen(true)] out CallToolRequestParams? parameters, [NotNullWhen(true)] out McpServerTool? tool)
    {
        parameters = null;
        tool = null;
        if (_placeholder is null || request.Method != RequestMethods.ToolsCall
            || (protocolVersion.Length > 0 && McpHttpHeaders.RequiresStandardHeaders(protocolVersion))
            || request.Params is not JsonObject body)
        {
            return false;
        }

        string? name = null;
        foreach (var (key, value) in body)
        {
            switch (key)
            {
                case "name" when value is JsonValue text && text.GetValueKind() == JsonValueKind.String:
                    name = text.GetValue<string>();
                    break;
                case "arguments" when value is JsonObject:
                    break;
                default:
                    return false; // _meta, task, or anything this path does not know: the SDK decides
            }
        }

        if (name is null || !_tools!.TryGetPrimitive(name, out var found) || found is not ToolRegistration.OwnResultTool { SessionFree: true })
        {
            return false;
        }

        try
        {
            parameters = JsonSerializer.Deserialize(body, ParamsTypeInfo);
        }
        catch (JsonException)
        {
            return false;
        }

        tool = found;
        return parameters is not null;
    }

    /// <summary>Runs the call and writes its answer as one SSE event; throws when the client cancels the request.</summary>
    public async Task RespondAsync(
        HttpContext http, JsonRpcRequest request, CallToolRequestParams parameters, McpServerTool tool, string protocolVersion,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var toolName = parameters.Name;
        using var activity = SdkActivitySource.HasListeners() ? StartActivity(request, toolName, protocolVersion) : null;
        var context = new RequestContext<CallToolRequestParams>(_placeholder!, request, parameters)
        {
            Services = http.RequestServices,
            User = http.User,
            MatchedPrimitive = tool,
        };

        CallToolResult? result = null;
        JsonRpcErrorDetail? error = null;
        string? errorType = null;
        try
        {
            result = await _pipeline(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (McpProtocolException exception)
        {
            error = new JsonRpcErrorDetail { Code = (int)exception.ErrorCode, Message = exception.Message, Data = ConvertExceptionData(exception.Data) };
            errorType = ((int)exception.ErrorCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            activity?.SetTag("rpc.response.status_code", errorType);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
        catch (Exception exception)
        {
            LogToolCallError(toolName, exception);
            result = new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock
                {
                    Text = exception is McpException
                        ? $"An error occurred invoking '{toolName}': {exception.Message}"
                        : $"An error occurred invoking '{toolName}'.",
                }],
            };
        }

        if (result is { IsError: true })
        {
            errorType = "tool_error";
            activity?.SetStatus(ActivityStatusCode.Error, JsonSerializer.Serialize(result.Content, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IList<ContentBlock>))));
        }

        if (errorType is not null)
        {
            activity?.SetTag("error.type", errorType);
        }

        Write(http.Response.BodyWriter, request.Id, result, error);
        await http.Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);

        if (OperationDuration.Enabled)
        {
            var tags = Tags(toolName, protocolVersion);
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_placeholder is not null)
        {
            await _placeholder.DisposeAsync().ConfigureAwait(false);
        }

        if (_placeholderTransport is not null)
        {
            await _placeholderTransport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void Write(IBufferWriter<byte> output, RequestId id, CallToolResult? result, JsonRpcErrorDetail? error)
    {
        output.Write("event: message\ndata: "u8);
        using (var json = new Utf8JsonWriter(output))
        {
            if (error is not null)
            {
                JsonSerializer.Serialize(json, new JsonRpcError { Id = id, Error = error }, StreamableHttpEndpoint.MessageTypeInfo);
            }
            else
            {
                // A JsonRpcResponse as the SDK writes it (result, id, jsonrpc), without first turning the result into a JsonNode.
                json.WriteStartObject();
                json.WritePropertyName("result"u8);
                JsonSerializer.Serialize(json, result!, ResultTypeInfo);
                json.WritePropertyName("id"u8);
                JsonSerializer.Serialize(json, id, IdTypeInfo);
                json.WriteString("jsonrpc"u8, "2.0"u8);
                json.WriteEndObject();
            }
        }

        output.Write("\n\n"u8);
    }

    /// <summary>The exception's data entries that serialise, as the SDK sends them; null when there are none.</summary>
    private static JsonObject? ConvertExceptionData(IDictionary data)
    {
        if (data.Count == 0)
        {
            return null;
        }

        var converted = new JsonObject();
        foreach (DictionaryEntry entry in data)
        {
            if (entry.Key is not string key)
            {
                continue;
            }

            try
            {
                converted[key] = entry.Value is null ? null : JsonSerializer.SerializeToNode(entry.Value, entry.Value.GetType(), McpJsonUtilities.DefaultOptions);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
            {
                // Not serialisable: left out, as the SDK does.
            }
        }

        return converted.Count > 0 ? converted : null;
    }

    private static Activity? StartActivity(JsonRpcRequest request, string toolName, string protocolVersion)
    {
        var activity = SdkActivitySource.StartActivity($"{RequestMethods.ToolsCall} {toolName}", ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            foreach (var tag in Tags(toolName, protocolVersion))
            {
                activity.SetTag(tag.Key, tag.Value);
            }

            // The SDK gives every stateless request's server a random session id; so does this path, for the same shape.
            activity.SetTag("mcp.session.id", Guid.NewGuid().ToString("N"));
            activity.SetTag("jsonrpc.request.id", request.Id.ToString());
        }

        return activity;
    }

    private static TagList Tags(string toolName, string protocolVersion)
    {
        var tags = new TagList
        {
            { "mcp.method.name", RequestMethods.ToolsCall },
            { "network.transport", "tcp" },
            { "network.protocol.name", "http" },
            { "gen_ai.tool.name", toolName },
            { "gen_ai.operation.name", "execute_tool" },
        };
        if (protocolVersion.Length > 0)
        {
            tags.Add("mcp.protocol.version", protocolVersion);
        }

        return tags;
    }

    [LoggerMessage(EventId = 1202, EventName = "ToolCallError", Level = LogLevel.Error, Message = "\"{ToolName}\" threw an unhandled exception.")]
    private partial void LogToolCallError(string toolName, Exception exception);
}
