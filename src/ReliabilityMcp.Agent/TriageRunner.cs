using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Agent.Llm;

namespace ReliabilityMcp.Agent;

/// <summary>
/// One triage with the <c>llm</c> brain: connects to the server as the agent, takes the server's own
/// <c>triage_incident</c> prompt and tool list, and runs the bounded tool-calling loop. The server decides what the
/// tools may do; the model only asks.
/// </summary>
public sealed partial class TriageRunner(AgentOptions options, ToolCallingLoop loop, ILogger<TriageRunner> logger)
{
    /// <summary>Runs one triage of <paramref name="service"/>.</summary>
    public async Task<ToolLoopResult> RunAsync(string service, string symptoms, string? severity, CancellationToken cancellationToken)
    {
        await using var client = await AgentMcpConnection.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var prompt = await client.GetPromptAsync("triage_incident", new Dictionary<string, object?>
        {
            ["service"] = service,
            ["symptoms"] = symptoms,
            ["severity"] = severity ?? "",
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        LogStarting(logger, service, tools.Count);
        var conversation = prompt.Messages
            .Select(m => new ChatMessage(m.Role == Role.Assistant ? ChatRole.Assistant : ChatRole.User, m.Content is TextContentBlock t ? t.Text : ""))
            .ToList();
        return await loop.RunAsync(conversation, [.. tools], cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 5101, EventName = "TriageStarting", Level = LogLevel.Information, Message = "triage of {Service} with {ToolCount} tools")]
    private static partial void LogStarting(ILogger logger, string service, int toolCount);
}
