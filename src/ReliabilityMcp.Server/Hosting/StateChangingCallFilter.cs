using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Server.Configuration;
using ReliabilityMcp.Server.Store;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>
/// Wraps every tool that is not read-only (execute_remediation, approve_request, run_chaos, record_incident,
/// record_outcome): refused while the store is unsafe (<see cref="StoreSafetyCheck"/>, issue 18 item 5); otherwise its
/// store waits share one <see cref="StoreDeadline"/>, so a paused store makes the call fail closed within 2 s in all (<see cref="ReliabilityConfigurationOptions.FailClosedBudgetMilliseconds"/>), not per wait (issue 17).
/// </summary>
internal static class StateChangingCallFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Create(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            if (!IsStateChanging(context.MatchedPrimitive as McpServerTool))
            {
                return await next(context, cancellationToken).ConfigureAwait(false);
            }

            var services = context.Services ?? throw new InvalidOperationException("A tool call without services.");
            if (services.GetService<StoreSafetyCheck>()?.Refusal is { } refusal)
            {
                return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = refusal }] };
            }

            var budget = TimeSpan.FromMilliseconds(services.GetRequiredService<IOptions<ReliabilityConfigurationOptions>>().Value.FailClosedBudgetMilliseconds);
            using (StoreDeadline.Begin(budget, services.GetRequiredService<TimeProvider>()))
            {
                return await next(context, cancellationToken).ConfigureAwait(false);
            }
        };

    /// <summary>Whether <paramref name="tool"/> may change state: anything not annotated read-only.</summary>
    public static bool IsStateChanging(McpServerTool? tool) => tool is not null && tool.ProtocolTool.Annotations?.ReadOnlyHint != true;
}
