using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.Agent.Llm;
using ReliabilityMcp.Agent.Runbook;
using ReliabilityMcp.Agent.Tests.Llm;

namespace ReliabilityMcp.Agent.Tests.EndToEnd;

/// <summary>The llm brain behind the same watch loop, with a scripted OpenAI-compatible endpoint driving the real server's tools.</summary>
public sealed class LlmEndToEndTests(AgentServerFixture fixture) : IClassFixture<AgentServerFixture>
{
    private static IChatClient Chat(ScriptedChatEndpoint endpoint) =>
        OpenAiChatClientFactory.Create(new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "scripted" });

    private static TriageRunner Triage(AgentOptions options, IChatClient chat) =>
        new(options, new ToolCallingLoop(chat, new ToolLoopLimits { MaxSteps = 4 }, NullLoggerFactory.Instance), NullLogger<TriageRunner>.Instance);

    private static WatchLoop WatchLoop(AgentOptions options, IChatClient chat)
    {
        var brain = new LlmBrain(Triage(options, chat), TimeProvider.System, NullLogger<LlmBrain>.Instance);
        return new WatchLoop(async c => await McpAgentTools.ConnectAsync(options, c), brain, options, TimeProvider.System, NullLogger<WatchLoop>.Instance);
    }

    [Fact]
    public async Task TriageRunner_ModelAsksForAnActionTheGuardRefuses_TheDenialReachesTheModelAsAToolResult()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = fixture.AgentOptions();
        await using var endpoint = await ScriptedChatEndpoint.StartAsync(
        [
            ScriptedChatEndpoint.ToolCalls(300, ("call_r", "execute_remediation",
                """{"action":"restart","targets":["checkout"],"confidence":0.3,"justification":"error rate 50% since the last deploy; maybe a restart helps"}""")),
            ScriptedChatEndpoint.Text("The guard refused the restart; escalating.", 400),
        ], ct);
        using var chat = Chat(endpoint);
        var sut = Triage(options, chat);

        var result = await sut.RunAsync("checkout", "error rate 50% since the last deploy", "sev2", ct);

        Assert.Equal((ToolLoopStop.Completed, "The guard refused the restart; escalating."), (result.Stop, result.FinalText));
        Assert.Equal(("execute_remediation", true), (Assert.Single(result.ToolCalls).Name, result.ToolCalls[0].Succeeded));
        var requests = endpoint.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var answer = requests[1].Body["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("call_r", answer["tool_call_id"]!.GetValue<string>());
        // The refusal is a value the model reads (status and the failed checks), not an exception that ends the run.
        var denial = JsonNode.Parse(answer["content"]!.GetValue<string>())!["structuredContent"]!;
        Assert.Equal("denied", denial["status"]!.GetValue<string>());
        var failed = Assert.Single(denial["checks"]!.AsArray(), c => c!["status"]!.GetValue<string>() == "failed")!;
        Assert.Equal("confidence", failed["name"]!.GetValue<string>());
        Assert.Empty(fixture.Receiver.Deliveries);
    }

    [Fact]
    public async Task RunCycleAsync_LlmBrainOnAnAlert_RunsTheToolsTheModelAsksForAndReturnsItsAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = fixture.AgentOptions();
        await using var endpoint = await ScriptedChatEndpoint.StartAsync(
        [
            ScriptedChatEndpoint.ToolCalls(300,
                ("call_1", "slo_status", """{"service":"payments"}"""),
                ("call_2", "evaluate_policies", """{"service":"payments","telemetry":{"error_rate":0.5}}""")),
            ScriptedChatEndpoint.Text("payments pages at burn 500; policy errors-restart recommends a restart.", 400),
        ], ct);
        using var chat = Chat(endpoint);
        var sut = WatchLoop(options, chat);
        await fixture.IngestAsync("payments", total: 200, good: 100, ct);

        var report = await Assert.Single(await sut.RunCycleAsync(ct)).WaitAsync(ct);

        Assert.Equal(("payments", "llm"), (report.Service, report.End));
        Assert.Equal("payments pages at burn 500; policy errors-restart recommends a restart.", report.Detail);
        var requests = endpoint.Requests.ToList();
        Assert.Equal(2, requests.Count);
        // The triage prompt carries the symptoms read from slo_status, and the server's tools are offered as functions.
        var prompt = requests[0].Body["messages"]!.AsArray().Select(m => m!["content"]?.ToString()).First();
        Assert.Contains("payments-availability", prompt, StringComparison.Ordinal);
        var offered = requests[0].Body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("execute_remediation", offered);
        // The model's tool calls ran against the real server and their answers went back to it.
        var answers = requests[1].Body["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").ToDictionary(
            m => m!["tool_call_id"]!.GetValue<string>(), m => m!["content"]!.GetValue<string>());
        Assert.Contains("\"alert\":\"page\"", answers["call_1"], StringComparison.Ordinal);
        Assert.Contains("errors-restart", answers["call_2"], StringComparison.Ordinal);
        Assert.DoesNotContain("error:", answers["call_2"], StringComparison.Ordinal);
    }
}
