using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>
/// The <c>llm</c> brain's loop on Microsoft.Extensions.AI: <c>UseFunctionInvocation</c> asks the model, runs the tools
/// it asks for (the MCP client's tools are <see cref="AIFunction"/>s), gives it the results and repeats until it answers
/// without a tool call or a limit is reached. The limits are ours: model calls per run (the function-invocation
/// iterations; the last call is offered no tools), tokens per run (checked before each tool runs), time per run,
/// tool result size.
/// Tool failures (unknown tool, broken arguments, a tool error) go back to the model as text so it can correct itself;
/// they never end the run or reach the tool with guessed arguments.
/// </summary>
public sealed partial class ToolCallingLoop
{
    /// <summary>The agent's activity source (traces every run; the GenAI spans come from <see cref="OpenAiChatClientFactory.GenAiTelemetrySource"/>).</summary>
    public static readonly ActivitySource Source = new("ReliabilityMcp.Agent");

    private static readonly AsyncLocal<RunState?> CurrentRun = new();
    private readonly IChatClient _pipeline;
    private readonly ToolLoopLimits _limits;
    private readonly ILogger<ToolCallingLoop> _logger;

    /// <summary>Creates the loop over <paramref name="chat"/> (not disposed by it).</summary>
    public ToolCallingLoop(IChatClient chat, ToolLoopLimits limits, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _limits = limits;
        _logger = loggerFactory.CreateLogger<ToolCallingLoop>();
        _pipeline = chat.AsBuilder()
            .UseFunctionInvocation(loggerFactory, f =>
            {
                // Function invocation makes one more model call (without tools) after its last round of tool calls.
                f.MaximumIterationsPerRequest = Math.Max(1, limits.MaxSteps - 1);
                // Failing tools are the model's to correct; only the step limit ends a run.
                f.MaximumConsecutiveErrorsPerRequest = limits.MaxSteps;
                f.IncludeDetailedErrors = true;
                f.FunctionInvoker = InvokeAsync;
            })
            .Use(CountAsync, null)
            .Build();
    }

    /// <summary>Runs the loop over <paramref name="conversation"/> (appended to in place) with <paramref name="tools"/>.</summary>
    public async Task<ToolLoopResult> RunAsync(List<ChatMessage> conversation, IReadOnlyList<AIFunction> tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(tools);
        using var run = Source.StartActivity("agent.llm.run");
        var state = new RunState();
        CurrentRun.Value = state;
        var options = new ChatOptions
        {
            Tools = [.. tools],
            ToolMode = ChatToolMode.Auto,
            MaxOutputTokens = _limits.MaxOutputTokensPerStep,
        };
        var start = conversation.Count;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_limits.MaxRunSeconds));
        ChatResponse response;
        try
        {
            response = await _pipeline.GetResponseAsync(conversation, options, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The tool rounds of an interrupted run are not returned by function invocation; the counts are.
            LogLimit(_logger, "time", _limits.MaxRunSeconds, _limits.MaxRunSeconds);
            run?.SetTag("agent.stop", nameof(ToolLoopStop.TimeLimit));
            return new ToolLoopResult(ToolLoopStop.TimeLimit, "", state.Steps, state.Tokens, [], conversation);
        }

        conversation.AddRange(response.Messages);
        var (records, unanswered) = Records(conversation.Skip(start).ToList(), tools);
        var stop = state.TokenLimitReached ? ToolLoopStop.TokenLimit
            : unanswered > 0 ? ToolLoopStop.StepLimit
            : ToolLoopStop.Completed;
        if (stop == ToolLoopStop.StepLimit)
        {
            LogLimit(_logger, "step", state.Steps, _limits.MaxSteps);
        }

        var lastText = conversation.Skip(start).Select(m => m.Role == ChatRole.Assistant ? m.Text : "").LastOrDefault(t => t.Length > 0) ?? "";
        run?.SetTag("agent.stop", stop.ToString());
        run?.SetTag("agent.steps", state.Steps);
        return new ToolLoopResult(stop, lastText, state.Steps, state.Tokens, records, conversation);
    }

    /// <summary>Counts model calls and tokens of the current run, below the function invocation.</summary>
    private async Task<ChatResponse> CountAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, IChatClient inner, CancellationToken cancellationToken)
    {
        var response = await inner.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (CurrentRun.Value is { } state)
        {
            state.Steps++;
            state.Tokens += response.Usage?.TotalTokenCount ?? 0;
        }

        if (response.Text is { Length: > 0 } text)
        {
            LogReasoning(_logger, CurrentRun.Value?.Steps ?? 0, text);
        }

        return response;
    }

    private async ValueTask<object?> InvokeAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        var name = context.Function.Name;
        if (CurrentRun.Value is { } state && state.Tokens >= _limits.MaxTokens)
        {
            // The budget is spent: nothing more runs and the model is not asked again.
            if (!state.TokenLimitReached)
            {
                LogLimit(_logger, "token", state.Tokens, _limits.MaxTokens);
            }

            state.TokenLimitReached = true;
            context.Terminate = true;
            throw new InvalidOperationException($"not run: the token budget of this run ({_limits.MaxTokens}) is used up");
        }

        try
        {
            var value = await context.Function.InvokeAsync(context.Arguments, cancellationToken).ConfigureAwait(false);
            var text = ResultText(value);
            LogToolCalled(_logger, name, text.Length);
            return Cut(text);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Activity.Current?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogToolFailed(_logger, name, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Every tool call of the run with what the model was given back, and how many calls were left unanswered (asked
    /// for on the last model call, when the step limit leaves no round to run them). Call ids are matched within each
    /// round: models may reuse them across rounds.
    /// </summary>
    private static (List<ToolCallRecord> Records, int Unanswered) Records(List<ChatMessage> messages, IReadOnlyList<AIFunction> tools)
    {
        var known = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var records = new List<ToolCallRecord>();
        var pending = new List<FunctionCallContent>();
        var step = 0;
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.Assistant)
            {
                step++;
                pending = [.. message.Contents.OfType<FunctionCallContent>()];
                continue;
            }

            foreach (var result in message.Contents.OfType<FunctionResultContent>())
            {
                var call = pending.Find(c => c.CallId == result.CallId);
                if (call is null)
                {
                    continue;
                }

                pending.Remove(call);
                var ok = result.Exception is null && call.Exception is null && known.Contains(call.Name);
                var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>());
                records.Add(new ToolCallRecord(step, call.Name, arguments, ok, ResultText(result.Result)));
            }
        }

        return (records, pending.Count);
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(result),
    };

    private string Cut(string text) => text.Length <= _limits.MaxToolResultChars
        ? text
        : string.Concat(text.AsSpan(0, _limits.MaxToolResultChars), $"… [cut: {text.Length - _limits.MaxToolResultChars} more characters]");

    [LoggerMessage(EventId = 5001, EventName = "AgentReasoning", Level = LogLevel.Information, Message = "step {Step}: the model says: {Text}")]
    private static partial void LogReasoning(ILogger logger, int step, string text);

    [LoggerMessage(EventId = 5002, EventName = "AgentToolCalled", Level = LogLevel.Information, Message = "tool {Tool} answered ({Chars} chars)")]
    private static partial void LogToolCalled(ILogger logger, string tool, int chars);

    [LoggerMessage(EventId = 5003, EventName = "AgentToolFailed", Level = LogLevel.Warning, Message = "tool {Tool} failed: {Reason}")]
    private static partial void LogToolFailed(ILogger logger, string tool, string reason);

    [LoggerMessage(EventId = 5004, EventName = "AgentLimitReached", Level = LogLevel.Warning, Message = "the {Limit} limit was reached ({Used} of {Max}); the run stops")]
    private static partial void LogLimit(ILogger logger, string limit, long used, long max);

    /// <summary>What one run has used so far (carried by an AsyncLocal because the pipeline is shared).</summary>
    private sealed class RunState
    {
        public int Steps { get; set; }

        public long Tokens { get; set; }

        public bool TokenLimitReached { get; set; }
    }
}
