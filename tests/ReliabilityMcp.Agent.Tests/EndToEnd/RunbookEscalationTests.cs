using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.Agent.Runbook;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Agent.Tests.EndToEnd;

/// <summary>The runbook brain does not go quiet when a human says no: it escalates with its evidence and records the episode.</summary>
public sealed class RunbookEscalationTests(AgentServerFixture fixture) : IClassFixture<AgentServerFixture>
{
    [Fact]
    public async Task RunCycleAsync_RestartRejected_EscalatesWithAlertTeamCarryingTheEvidenceAndRecordsIncidentAndOutcome()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = fixture.AgentOptions();
        Func<CancellationToken, Task<IAgentTools>> connect = async c => await McpAgentTools.ConnectAsync(options, c);
        var sut = new WatchLoop(connect, new RunbookBrain(connect, options, TimeProvider.System, NullLogger<RunbookBrain>.Instance), options, TimeProvider.System,
            NullLogger<WatchLoop>.Instance);
        await fixture.IngestAsync("checkout", total: 200, good: 100, ct);
        using var approver = fixture.Http(AgentServerFixture.ApproverToken);

        var episode = Assert.Single(await sut.RunCycleAsync(ct));
        var restart = await PendingAsync(approver, "restart", ct);
        var rejected = await approver.PostAsJsonAsync($"/api/approvals/{restart.GetProperty("approvalId").GetString()}/reject", new { comment = "not during the sale" }, ct);
        Assert.True(rejected.IsSuccessStatusCode, await rejected.Content.ReadAsStringAsync(ct));
        var report = await episode.WaitAsync(ct);

        Assert.Equal(("not_executed", "rejected", "pending_approval"), (report.End, report.ApprovalState, report.Escalation));
        // The team sees the escalation with the agent's evidence; nothing was restarted.
        var alert = await PendingAsync(approver, "alert_team", ct);
        var justification = alert.GetProperty("justification").GetString()!;
        Assert.Contains("restart did not run to completion", justification, StringComparison.Ordinal);
        Assert.Contains("ended rejected", justification, StringComparison.Ordinal);
        Assert.Contains("checkout-availability", justification, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Receiver.Deliveries, d => d.Contains("\"restart\"", StringComparison.Ordinal));
        // And the episode is remembered as a failed attempt with the escalation.
        using var incident = JsonDocument.Parse(await approver.GetStringAsync(new Uri($"/api/incidents/{report.IncidentId}", UriKind.Relative), ct));
        var outcome = Assert.Single(incident.RootElement.GetProperty("outcomes").EnumerateArray());
        Assert.False(outcome.GetProperty("success").GetBoolean());
        Assert.Equal(["restart", "alert_team"], outcome.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action").GetString()));
    }

    private static Task<JsonElement> PendingAsync(HttpClient approver, string action, CancellationToken ct) => Poll.UntilAsync(
        async c => (await approver.GetFromJsonAsync<JsonElement>("/api/approvals", c)).GetProperty("pending").EnumerateArray()
            .FirstOrDefault(a => a.GetProperty("action").GetString() == action),
        a => a.ValueKind == JsonValueKind.Object, $"the agent's pending {action}", ct);
}
