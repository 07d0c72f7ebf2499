using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Remediation;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// Exactly once when clients and servers fail mid-action, with real server processes (replicas on one store) and the
/// test's own webhook receiver holding the execution: a client that gives up, a server killed with SIGKILL.
/// </summary>
public sealed class ExactlyOnceProcessTests
{
    [Fact]
    public async Task ClientGivesUpAfterTheWebhookStarted_RetryOnAnotherReplica_GetsTheOneExecution()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(3));
        await using var estate = await RemediationEstate.StartAsync();
        var first = await estate.StartServerAsync(ct);
        var second = await estate.StartServerAsync(ct);
        var request = Request("restart", "web", extra: """, "idempotency_key": "give-up-retry-1" """);

        await using (var impatient = await McpClients.ConnectHttpAsync(first.McpEndpoint, RemediationTokens.AutonomousToken, McpClients.November2025, ct))
        {
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var call = CallAsync(impatient, request, giveUp.Token);
            await estate.FirstExecutionOfAsync(call, ct);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        estate.Receiver.Hold!.TrySetResult();
        await using var retrying = await McpClients.ConnectHttpAsync(second.McpEndpoint, RemediationTokens.AutonomousToken, McpClients.November2025, ct);
        var answer = await RetryUntilAnsweredAsync(retrying, request, ct);

        var sut = Parse<ExecuteRemediationResult>(answer);
        var execution = Assert.Single(estate.Executions);
        Assert.Equal(("executed", true), (sut.Status, sut.IdempotentReplay));
        Assert.Equal(execution.ExecutionId, sut.Execution!.ExecutionId);
        Assert.Equal("completed", sut.Execution.Outcome);
    }

    [Fact]
    public async Task ServerKilledMidExecution_AnotherReplicaSettlesItUnknown_TheKeyAnswersWithIt_AndAnOperatorResolvesIt()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(3));
        await using var estate = await RemediationEstate.StartAsync();
        var doomed = await estate.StartServerAsync(ct);
        var survivor = await estate.StartServerAsync(ct);
        var request = Request("restart", "web", extra: """, "idempotency_key": "killed-mid-run-1" """);

        await using (var client = await McpClients.ConnectHttpAsync(doomed.McpEndpoint, RemediationTokens.AutonomousToken, McpClients.November2025, ct))
        {
            var call = CallAsync(client, request, ct);
            await estate.FirstExecutionOfAsync(call, ct);
            doomed.KillHard();
            await Assert.ThrowsAnyAsync<Exception>(() => call);
        }

        estate.Receiver.Hold!.TrySetResult();
        await using var retrying = await McpClients.ConnectHttpAsync(survivor.McpEndpoint, RemediationTokens.AutonomousToken, McpClients.November2025, ct);
        var sut = Parse<ExecuteRemediationResult>(await RetryUntilAnsweredAsync(retrying, request, ct));
        using var api = RemediationEstate.Api(survivor, TestTokens.ApproverToken);
        var executionId = sut.Execution!.ExecutionId;
        var view = await api.GetFromJsonAsync<JsonElement>($"/api/executions/{executionId}", ct);
        var unresolved = await api.GetFromJsonAsync<JsonElement>("/api/executions/unresolved", ct);
        var resolved = await api.PostAsJsonAsync($"/api/executions/{executionId}/resolve", new { outcome = "completed", comment = "checked web: it restarted at 10:14" }, ct);
        var again = Parse<ExecuteRemediationResult>(await CallAsync(retrying, request, ct));

        Assert.Equal(executionId, Assert.Single(estate.Executions).ExecutionId);
        Assert.Equal(("executed", "unknown", true), (sut.Status, sut.Execution.Outcome, sut.IdempotentReplay));
        Assert.Contains("stopped renewing its lease", sut.Execution.Error, StringComparison.Ordinal);
        Assert.Equal("unknown", view.GetProperty("execution").GetProperty("outcome").GetString());
        Assert.Equal(["execution_started", "execution_outcome_unknown"], Decisions(view));
        Assert.Contains(unresolved.EnumerateArray(), e => e.GetProperty("executionId").GetString() == executionId);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(("completed", true), (again.Execution!.Outcome, again.Execution.Resolution!.Contains("approver-bob", StringComparison.Ordinal)));
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/executions/{executionId}", ct);
        Assert.Equal(["execution_started", "execution_outcome_unknown", "execution_resolved"], Decisions(after));
    }

    [Fact]
    public async Task ServerKilledMidApprovedExecution_ApprovalEndsUnknown_ListedForOperators_NeverRunAgain()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(3));
        await using var estate = await RemediationEstate.StartAsync();
        var doomed = await estate.StartServerAsync(ct);
        var survivor = await estate.StartServerAsync(ct);
        await using var requester = await McpClients.ConnectHttpAsync(survivor.McpEndpoint, RemediationTokens.ApprovalToken, McpClients.November2025, ct);
        var approvalId = (await ExecuteAsync(requester, Request("rollback", "web"), ct)).Approval!.ApprovalId;

        using (var doomedApi = RemediationEstate.Api(doomed, TestTokens.ApproverToken))
        {
            var approving = doomedApi.PostAsJsonAsync($"/api/approvals/{approvalId}/approve", new { comment = "error rate confirmed" }, ct);
            await estate.FirstExecutionOfAsync(approving, ct);
            doomed.KillHard();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => approving);
        }

        estate.Receiver.Hold!.TrySetResult();
        using var api = RemediationEstate.Api(survivor, TestTokens.ApproverToken);
        var approval = await Testing.Poll.UntilAsync(c => api.GetFromJsonAsync<JsonElement>($"/api/approvals/{approvalId}", c),
            a => a.GetProperty("state").GetString() != "executing", "the approval to leave executing", ct);
        var listing = await api.GetFromJsonAsync<JsonElement>("/api/approvals", ct);
        var approveAgain = await api.PostAsJsonAsync($"/api/approvals/{approvalId}/approve", new { comment = "try again" }, ct);
        var executionId = RemediationApprovalHandler.ExecutionIdFor(approvalId);
        var resolved = await api.PostAsJsonAsync($"/api/executions/{executionId}/resolve", new { outcome = "failed", comment = "web still on 1.4.2" }, ct);
        var afterResolution = await api.GetFromJsonAsync<JsonElement>($"/api/approvals/{approvalId}", ct);

        Assert.Equal("unknown", approval.GetProperty("state").GetString());
        Assert.Equal("unknown", approval.GetProperty("events").EnumerateArray().Last().GetProperty("event").GetString());
        Assert.Contains(listing.GetProperty("needsResolution").EnumerateArray(), e => e.GetProperty("approvalId").GetString() == approvalId);
        Assert.Equal(HttpStatusCode.Conflict, approveAgain.StatusCode);
        Assert.Contains("unknown", await approveAgain.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("failed", afterResolution.GetProperty("state").GetString());
        Assert.Equal(executionId, Assert.Single(estate.Executions).ExecutionId);
    }

    /// <summary>Calls until the answer is no longer "still executing" (the first call may still be finishing or awaiting settlement).</summary>
    internal static Task<CallToolResult> RetryUntilAnsweredAsync(McpClient client, string request, CancellationToken ct) =>
        Testing.Poll.UntilAsync(c => CallAsync(client, request, c), r => r.IsError != true, "the retry to get the first call's answer", ct);

    /// <summary>
    /// The execution's own audit decisions; a retry told "still executing" is audited as <c>refused</c> too (it names the
    /// execution), which says nothing about the execution itself.
    /// </summary>
    private static List<string?> Decisions(JsonElement view) =>
        [.. view.GetProperty("auditEntries").EnumerateArray().Select(e => e.GetProperty("record").GetProperty("decision").GetString()).Where(d => d != "refused")];
}
