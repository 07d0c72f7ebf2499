using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.Agent.Runbook;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Agent.Tests.EndToEnd;

/// <summary>The runbook brain against the real server over HTTP: the whole learning loop, with a human approving.</summary>
public sealed class RunbookEndToEndTests(AgentServerFixture fixture) : IClassFixture<AgentServerFixture>
{
    [Fact]
    public async Task RunCycleAsync_BurningSlo_TriagesWaitsForApprovalVerifiesRecoveryAndRecordsWhatFindSimilarIncidentsThenReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ReliabilityMcp.Agent",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => spans.Enqueue(activity.OperationName),
        };
        ActivitySource.AddActivityListener(listener);
        var options = fixture.AgentOptions();
        Func<CancellationToken, Task<IAgentTools>> connect = async c => await McpAgentTools.ConnectAsync(options, c);
        var brain = new RunbookBrain(connect, options, TimeProvider.System, NullLogger<RunbookBrain>.Instance);
        var sut = new WatchLoop(connect, brain, options, TimeProvider.System, NullLogger<WatchLoop>.Instance);
        // Half of checkout's requests fail: burn 500 on 99.9 % over every window, a page.
        await fixture.IngestAsync("checkout", total: 200, good: 100, ct);

        var episode = Assert.Single(await sut.RunCycleAsync(ct));

        // The guard asks a human: the approver sees the agent's request with its evidence and approves it.
        using var approver = fixture.Http(AgentServerFixture.ApproverToken);
        var pending = await Poll.UntilAsync(
            async c => (await approver.GetFromJsonAsync<JsonElement>("/api/approvals", c)).GetProperty("pending").EnumerateArray().ToList(),
            list => list.Count > 0, "the agent's pending approval", ct);
        var request = Assert.Single(pending);
        Assert.Equal(AgentServerFixture.AgentPrincipal, request.GetProperty("requester").GetString());
        Assert.Equal("restart", request.GetProperty("action").GetString());
        Assert.Equal("errors-restart", request.GetProperty("policy").GetString());
        Assert.Equal(0.5, request.GetProperty("confidence").GetDouble());
        Assert.Contains("error_rate 0.5 = bad/total over 5m, 100/200", request.GetProperty("justification").GetString(), StringComparison.Ordinal);
        Assert.Empty(await sut.RunCycleAsync(ct));
        var approvalId = request.GetProperty("approvalId").GetString()!;
        var approved = await approver.PostAsJsonAsync($"/api/approvals/{approvalId}/approve", new { comment = "restart is safe, go" }, ct);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(ct));
        Assert.Single(fixture.Receiver.Deliveries, d => d.Contains("\"restart\"", StringComparison.Ordinal));
        // The restart fixed it: healthy traffic brings the 5-minute burn under 1.
        await fixture.IngestAsync("checkout", total: 200_000, good: 200_000, ct);
        var report = await episode.WaitAsync(ct);

        Assert.Equal("recovered", report.End);
        Assert.Equal("pending_approval", report.RemediationStatus);
        Assert.Equal((approvalId, "completed"), (report.ApprovalId, report.ApprovalState));
        Assert.NotNull(report.IncidentId);
        Assert.NotNull(report.OutcomeId);
        Assert.Empty(sut.InProgress);
        Assert.Subset(spans.ToHashSet(), new HashSet<string>(["agent.watch.cycle", "agent.runbook.episode", "agent.runbook.triage", "agent.runbook.execute_remediation",
            "agent.runbook.wait_for_approval", "agent.runbook.verify_recovery", "agent.runbook.record"]));
        // The loop closes: the next similar incident finds this one, with the restart that resolved it.
        await using var tools = await McpAgentTools.ConnectAsync(options, ct);
        var similar = await tools.CallAsync("find_similar_incidents", new Dictionary<string, object?>
        {
            ["query"] = "checkout availability page alert, half of the requests failing",
            ["service"] = "checkout",
        }, ct);
        var hit = Assert.Single(similar.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("incident").GetProperty("id").GetString() == report.IncidentId);
        var outcome = Assert.Single(hit.GetProperty("outcomes").EnumerateArray());
        Assert.True(outcome.GetProperty("success").GetBoolean());
        Assert.Equal("restart", outcome.GetProperty("actions")[0].GetProperty("action").GetString());
        Assert.Contains(similar.GetProperty("effectiveActions").GetProperty("actions").EnumerateArray(), a => a.GetProperty("action").GetString() == "restart");
    }
}
