using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Server.Remediation;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>
/// Answers expected tool errors itself, so they are logged for what they are (issue 18, item 6: 1,033 error lines
/// with stack traces in 84 s of store outage buried real failures): a caller's mistake (<see cref="McpException"/>)
/// at Information, a store outage (fail closed) at Warning, both without a stack trace. The answer is the SDK's own
/// text. Anything else is unexpected and goes on to the SDK, which logs it at Error with its stack.
/// </summary>
internal static partial class ToolErrorFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Create(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            try
            {
                return await next(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not McpProtocolException && !cancellationToken.IsCancellationRequested
                && (ex is McpException || StoreFailure.Is(ex)))
            {
                var tool = context.Params?.Name ?? "?";
                var error = ex as McpException ?? (StateChangingCallFilter.IsStateChanging(context.MatchedPrimitive as McpServerTool)
                    ? StoreFailure.ToToolError(ex)
                    : new McpException($"The store is unreachable ({ex.Message}). Retry when /health reports the store healthy.", ex));
                var logger = context.Services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(ToolErrorFilter).FullName!);
                if (logger is not null)
                {
                    if (StoreFailure.Is(ex) || (ex.InnerException is { } inner && StoreFailure.Is(inner)))
                    {
                        LogStoreFailure(logger, tool, (ex.InnerException ?? ex).Message);
                    }
                    else
                    {
                        LogRefused(logger, tool, error.Message);
                    }
                }

                return new CallToolResult
                {
                    IsError = true,
                    Content = [new TextContentBlock { Text = $"An error occurred invoking '{tool}': {error.Message}" }],
                };
            }
        };

    [LoggerMessage(EventId = 1210, EventName = "ToolCallRefused", Level = LogLevel.Information, Message = "\"{ToolName}\" answered a tool error: {Reason}")]
    private static partial void LogRefused(ILogger logger, string toolName, string reason);

    [LoggerMessage(EventId = 1211, EventName = "ToolCallStoreUnavailable", Level = LogLevel.Warning,
        Message = "\"{ToolName}\" failed closed: the store could not be used ({Reason})")]
    private static partial void LogStoreFailure(ILogger logger, string toolName, string reason);
}
