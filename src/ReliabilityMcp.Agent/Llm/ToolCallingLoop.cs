using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>
/// The <c>llm</c> brain's loop: ask the model, run the tools it asks for, give it the results, repeat until it answers
/// without a tool call or a limit is reached. Tool failures (unknown tool, broken arguments, a tool error) go back to
/// the model as text so it can correct itself; they never end the run or reach the tool with guessed arguments.
/// </summary>
public sealed partial class ToolCallingLoop(IChatClient chat, ToolLoopLimits limits, ILogger<ToolCallingLoop> logger)
{
    /// <summary>The agent's activity source (traces every model call and tool call).</summary>
    public static readonly ActivitySource Source = new("ReliabilityMcp.Agent");

    /// <summary>Runs the loop over <paramref name="conversation"/> (appended to in place) with <paramref name="tools"/>.</summary>
    public async Task<ToolLoopResult> RunAsync(List<ChatMessage> conversation, IReadOnlyList<AIFunction> tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(tools);
        using var run = Source.StartActivity("agent.llm.run");
        var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var options = new ChatOptions
        {
            Tools = [.. tools],
            ToolMode = ChatToolMode.Auto,
            MaxOutputTokens = limits.MaxOutputTokensPerStep,
        };
        var records = new List<ToolCallRecord>();
        long tokens = 0;
        var lastText = "";
        for (var step = 1; step <= limits.MaxSteps; step++)
        {
            ChatResponse response;
            using (var call = Source.StartActivity("agent.llm.step"))
            {
                call?.SetTag("agent.step", step);
                response = await chat.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
                call?.SetTag("gen_ai.usage.total_tokens", response.Usage?.TotalTokenCount);
            }

            conversation.AddRange(response.Messages);
            tokens += response.Usage?.TotalTokenCount ?? 0;
            var text = response.Text;
            if (text.Length > 0)
            {
                lastText = text;
                LogReasoning(logger, step, text);
            }

            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                return Finish(ToolLoopStop.Completed, step);
            }

            if (tokens >= limits.MaxTokens)
            {
                LogLimit(logger, "token", tokens, limits.MaxTokens);
                return Finish(ToolLoopStop.TokenLimit, step);
            }

            var results = new List<AIContent>(calls.Count);
            foreach (var call in calls)
            {
                var (ok, result) = await InvokeAsync(call, byName, cancellationToken).ConfigureAwait(false);
                records.Add(new ToolCallRecord(step, call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>()), ok, result));
                results.Add(new FunctionResultContent(call.CallId, result));
            }

            conversation.Add(new ChatMessage(ChatRole.Tool, results));
        }

        LogLimit(logger, "step", limits.MaxSteps, limits.MaxSteps);
        return Finish(ToolLoopStop.StepLimit, limits.MaxSteps);

        ToolLoopResult Finish(ToolLoopStop stop, int steps)
        {
            run?.SetTag("agent.stop", stop.ToString());
            run?.SetTag("agent.steps", steps);
            return new ToolLoopResult(stop, lastText, steps, tokens, records, conversation);
        }
    }

    private async Task<(bool Ok, string Result)> InvokeAsync(FunctionCallContent call, Dictionary<string, AIFunction> tools, CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity("agent.tool " + call.Name);
        activity?.SetTag("gen_ai.tool.name", call.Name);
        if (call.Exception is { } broken)
        {
            LogToolFailed(logger, call.Name, broken.Message);
            return (false, $"error: {broken.Message}. Call the tool again with a valid JSON object of arguments.");
        }

        if (!tools.TryGetValue(call.Name, out var tool))
        {
            LogToolFailed(logger, call.Name, "unknown tool");
            return (false, $"error: there is no tool named '{call.Name}'. Available tools: {string.Join(", ", tools.Keys.Order(StringComparer.Ordinal))}.");
        }

        try
        {
            var value = await tool.InvokeAsync(new AIFunctionArguments(call.Arguments ?? new Dictionary<string, object?>()), cancellationToken).ConfigureAwait(false);
            var text = OpenAiChatWire.ResultText(value);
            LogToolCalled(logger, call.Name, text.Length);
            return (true, Cut(text));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogToolFailed(logger, call.Name, ex.Message);
            return (false, $"error: {call.Name} failed: {ex.Message}");
        }
    }

    private string Cut(string text) => text.Length <= limits.MaxToolResultChars
        ? text
        : string.Concat(text.AsSpan(0, limits.MaxToolResultChars), $"… [cut: {text.Length - limits.MaxToolResultChars} more characters]");

    [LoggerMessage(EventId = 5001, EventName = "AgentReasoning", Level = LogLevel.Information, Message = "step {Step}: the model says: {Text}")]
    private static partial void LogReasoning(ILogger logger, int step, string text);

    [LoggerMessage(EventId = 5002, EventName = "AgentToolCalled", Level = LogLevel.Information, Message = "tool {Tool} answered ({Chars} chars)")]
    private static partial void LogToolCalled(ILogger logger, string tool, int chars);

    [LoggerMessage(EventId = 5003, EventName = "AgentToolFailed", Level = LogLevel.Warning, Message = "tool {Tool} failed: {Reason}")]
    private static partial void LogToolFailed(ILogger logger, string tool, string reason);

    [LoggerMessage(EventId = 5004, EventName = "AgentLimitReached", Level = LogLevel.Warning, Message = "the {Limit} limit was reached ({Used} of {Max}); the run stops")]
    private static partial void LogLimit(ILogger logger, string limit, long used, long max);
}
