using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.Agent.Llm;

namespace ReliabilityMcp.Agent.Tests.Llm;

public sealed class ToolCallingLoopTests
{
    private readonly List<string> _invocations = [];

    private AIFunction[] Tools() =>
    [
        AIFunctionFactory.Create((string service) => { _invocations.Add($"slo_status:{service}"); return $"{{\"service\":\"{service}\",\"burn_1h\":16.2}}"; }, "slo_status"),
        AIFunctionFactory.Create((string service) => { _invocations.Add($"explode:{service}"); throw new InvalidOperationException("the store is unreachable"); }, "explode"),
    ];

    private static ToolCallingLoop Loop(IChatClient chat, int maxSteps = 5, long maxTokens = 10_000, int maxToolResultChars = 16_000, int maxRunSeconds = 600) =>
        new(chat, new ToolLoopLimits { MaxSteps = maxSteps, MaxTokens = maxTokens, MaxToolResultChars = maxToolResultChars, MaxRunSeconds = maxRunSeconds }, NullLoggerFactory.Instance);

    private static IChatClient Chat(ScriptedChatEndpoint endpoint) =>
        OpenAiChatClientFactory.Create(new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "m" });

    /// <summary>The model calls <paramref name="tool"/> once for checkout (120 tokens), then answers (200 tokens).</summary>
    private static Task<ScriptedChatEndpoint> OneToolCallThenAnswer(string tool, string answer, CancellationToken ct) => ScriptedChatEndpoint.StartAsync(
        [ScriptedChatEndpoint.ToolCalls(120, ("call_1", tool, """{"service":"checkout"}""")), ScriptedChatEndpoint.Text(answer, 200)], ct);

    [Fact]
    public async Task RunAsync_ModelCallsAToolThenAnswers_RunsTheToolAndFeedsTheResultBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await OneToolCallThenAnswer("slo_status", "checkout pages: burn 16.2", ct);
        using var chat = Chat(endpoint);

        var result = await Loop(chat).RunAsync([new ChatMessage(ChatRole.User, "triage checkout")], Tools(), ct);

        Assert.Equal(ToolLoopStop.Completed, result.Stop);
        Assert.Equal("checkout pages: burn 16.2", result.FinalText);
        Assert.Equal(2, result.Steps);
        Assert.Equal(320, result.TokensUsed);
        Assert.Equal(["slo_status:checkout"], _invocations);
        Assert.True(Assert.Single(result.ToolCalls).Succeeded);
        // The second request carries the tool's answer under the id the model gave.
        var second = endpoint.Requests.ElementAt(1).Body["messages"]!.AsArray();
        var toolMessage = second.Last()!;
        Assert.Equal("tool", toolMessage["role"]!.GetValue<string>());
        Assert.Equal("call_1", toolMessage["tool_call_id"]!.GetValue<string>());
        Assert.Equal(16.2, JsonNode.Parse(toolMessage["content"]!.GetValue<string>())!["burn_1h"]!.GetValue<double>());
    }

    [Fact]
    public async Task RunAsync_WithTelemetryListening_EmitsGenAiSpansForModelAndToolCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = $"m-{Guid.NewGuid():N}";
        var spans = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == OpenAiChatClientFactory.GenAiTelemetrySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var endpoint = await OneToolCallThenAnswer("slo_status", "done", ct);
        using var chat = OpenAiChatClientFactory.Create(new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = model });

        await Loop(chat).RunAsync([new ChatMessage(ChatRole.User, "triage checkout")], Tools(), ct);

        // Other tests run in parallel: only this run's spans (its model name, its trace) are looked at.
        var chats = spans.Where(a => a.DisplayName == $"chat {model}").ToList();
        Assert.Equal(2, chats.Count);
        Assert.Equal([120, 200], chats.Select(a => Convert.ToInt32(a.GetTagItem("gen_ai.usage.input_tokens"), CultureInfo.InvariantCulture)
            + Convert.ToInt32(a.GetTagItem("gen_ai.usage.output_tokens"), CultureInfo.InvariantCulture)).ToArray());
        Assert.Contains(spans, a => a.DisplayName == "execute_tool slo_status" && a.TraceId == chats[0].TraceId);
    }

    [Fact]
    public async Task RunAsync_UnknownToolBrokenArgumentsAndAFailingTool_AreReportedToTheModelNotRun()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync(
        [
            ScriptedChatEndpoint.ToolCalls(100,
                ("a", "approve_request", """{"approval_id":"x"}"""),
                ("b", "slo_status", "{broken"),
                ("c", "explode", """{"service":"checkout"}""")),
            ScriptedChatEndpoint.Text("I could not act.", 100),
        ], ct);
        using var chat = Chat(endpoint);

        var result = await Loop(chat).RunAsync([new ChatMessage(ChatRole.User, "go")], Tools(), ct);

        Assert.Equal(ToolLoopStop.Completed, result.Stop);
        Assert.Equal(["explode:checkout"], _invocations);
        Assert.All(result.ToolCalls, c => Assert.False(c.Succeeded));
        Assert.Contains("\"approve_request\" not found", result.ToolCalls[0].Result, StringComparison.Ordinal);
        Assert.Contains("Error", result.ToolCalls[1].Result, StringComparison.Ordinal);
        Assert.Contains("the store is unreachable", result.ToolCalls[2].Result, StringComparison.Ordinal);
        var toolMessages = endpoint.Requests.ElementAt(1).Body["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").ToList();
        Assert.Equal(["a", "b", "c"], toolMessages.Select(m => m!["tool_call_id"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task RunAsync_ModelNeverStops_StopsAtTheStepLimitAndOffersNoToolsOnTheLastCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.ToolCalls(10, ("x", "slo_status", """{"service":"checkout"}"""))], ct);
        using var chat = Chat(endpoint);

        var result = await Loop(chat, maxSteps: 3).RunAsync([new ChatMessage(ChatRole.User, "go")], Tools(), ct);

        Assert.Equal(ToolLoopStop.StepLimit, result.Stop);
        Assert.Equal(3, result.Steps);
        Assert.Equal(3, endpoint.Requests.Count);
        // The last model call is offered no tools, so tools run after the first two only.
        Assert.Equal(2, _invocations.Count);
        Assert.Null(endpoint.Requests.Last().Body["tools"]);
    }

    [Fact]
    public async Task RunAsync_LongToolResult_IsCutBeforeTheModelReadsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await OneToolCallThenAnswer("dump", "ok", ct);
        using var chat = Chat(endpoint);

        var result = await Loop(chat, maxToolResultChars: 256).RunAsync([new ChatMessage(ChatRole.User, "go")], [AIFunctionFactory.Create((string service) => new string('x', 1_000), "dump")], ct);

        var sent = endpoint.Requests.ElementAt(1).Body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        Assert.Equal(new string('x', 256) + "… [cut: 744 more characters]", sent);
        Assert.Equal(sent, Assert.Single(result.ToolCalls).Result);
    }

    [Fact]
    public async Task RunAsync_ToolHangsPastTheRunTime_StopsWithTimeLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await OneToolCallThenAnswer("hang", "never read", ct);
        using var chat = Chat(endpoint);
        // A tool that never answers on its own: only the run's deadline ends it.
        var hang = AIFunctionFactory.Create(async (string service, CancellationToken c) => { await Task.Delay(Timeout.Infinite, c); return service; }, "hang");

        var result = await Loop(chat, maxRunSeconds: 1).RunAsync([new ChatMessage(ChatRole.User, "go")], [hang], ct);

        Assert.Equal(ToolLoopStop.TimeLimit, result.Stop);
        Assert.Equal((1, 120L), (result.Steps, result.TokensUsed));
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task RunAsync_TokenBudgetUsedUp_StopsBeforeRunningMoreTools()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.ToolCalls(600, ("x", "slo_status", """{"service":"checkout"}"""))], ct);
        using var chat = Chat(endpoint);

        var result = await Loop(chat, maxSteps: 10, maxTokens: 1_000).RunAsync([new ChatMessage(ChatRole.User, "go")], Tools(), ct);

        Assert.Equal(ToolLoopStop.TokenLimit, result.Stop);
        Assert.Equal(2, result.Steps);
        Assert.Equal(1_200, result.TokensUsed);
        Assert.Single(_invocations);
    }
}
