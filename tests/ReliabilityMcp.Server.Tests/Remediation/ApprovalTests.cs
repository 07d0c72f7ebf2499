using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Server.Approvals;
using ReliabilityMcp.Server.Remediation;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>approve_request over HTTP (the bearer token is the approver), list_pending_approvals and the operator approval API.</summary>
public sealed class ApprovalTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    [Fact]
    public async Task ApproveRequest_ByTheRequester_IsRefusedAndNothingRuns()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(bob, Request("rollback", "web"), cancellationToken);

        var sut = await ApproveAsync(bob, pending.Approval!.ApprovalId, approve: true, cancellationToken);

        Assert.Equal(ApprovalDecisionStatus.Refused, sut.Status);
        Assert.Contains("cannot approve or reject it", sut.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalState.Pending, sut.Approval!.State);
        Assert.Empty(sut.Approval.Approvers);
    }

    [Fact]
    public async Task ApproveRequest_ByAPrincipalWithoutTheApproverRole_IsRefused()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var agent = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        using var admin = fixture.CreateHttpClient(TestTokens.AdminToken);

        // approve_request is [Authorize(Roles = approver)]: the SDK's authorization filter refuses it before it runs (issue 23).
        var sut = await Assert.ThrowsAsync<McpProtocolException>(async () => await agent.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = pending.Approval!.ApprovalId, ["approve"] = true, ["comment"] = "checked the dashboards" },
            cancellationToken: cancellationToken));
        var viaApi = await admin.PostAsJsonAsync($"/api/approvals/{pending.Approval!.ApprovalId}/approve", new { comment = "admin is not an approver" }, cancellationToken);

        Assert.Contains("forbidden", sut.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, viaApi.StatusCode);
        Assert.Equal(ApprovalState.Pending, (await GetApprovalAsync(pending.Approval.ApprovalId, cancellationToken)).State);
    }

    [Fact]
    public async Task ApproveRequest_HighRiskByAnotherApprover_ExecutesOnceAndRecordsEverything()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;

        var sut = await ApproveAsync(bob, id, approve: true, cancellationToken);

        Assert.Equal(ApprovalDecisionStatus.Executed, sut.Status);
        Assert.Equal(ApprovalState.Completed, sut.Approval!.State);
        Assert.Equal([TestTokens.ApproverPrincipal], sut.Approval.Approvers);
        var execution = sut.Result!.Value.Deserialize<ExecutionReport>(McpJsonUtilities.DefaultOptions)!;
        Assert.Equal("completed", execution.Outcome);
        Assert.Equal(id, execution.ApprovalId);
        Assert.Equal([TestTokens.ApproverPrincipal], execution.Approvers);
        var delivery = Assert.Single(fixture.Receiver.For("main", execution.ExecutionId));
        Assert.True(delivery.SignatureValid);
        Assert.Equal(["requested", "approved", "executing", "completed"], sut.Approval.Events.Select(e => e.Event));

        using var api = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var view = await api.GetFromJsonAsync<JsonElement>($"/api/executions/{execution.ExecutionId}", cancellationToken);
        Assert.Equal("completed", view.GetProperty("execution").GetProperty("outcome").GetString());
        var decisions = view.GetProperty("auditEntries").EnumerateArray().Select(e => e.GetProperty("record").GetProperty("decision").GetString()).ToList();
        Assert.Equal(["approval_requested", "approved", "execution_started", "executed", "after_check_passed", "completed"], decisions);
    }

    [Fact]
    public async Task ApproveRequest_CriticalWithOneApprover_StaysPendingUntilASecondDistinctApprover()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("failover", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;

        var first = await ApproveAsync(bob, id, approve: true, cancellationToken);
        var again = await ApproveAsync(bob, id, approve: true, cancellationToken);
        var listed = Parse<PendingApprovalsResult>(await requester.CallToolAsync("list_pending_approvals", cancellationToken: cancellationToken));
        using var dan = fixture.CreateHttpClient(RemediationTokens.SecondApproverToken);
        var second = await dan.PostAsJsonAsync($"/api/approvals/{id}/approve", new { comment = "second pair of eyes" }, cancellationToken);

        Assert.Equal(ApprovalDecisionStatus.Recorded, first.Status);
        Assert.Equal(ApprovalState.Pending, first.Approval!.State);
        Assert.Equal(ApprovalDecisionStatus.Refused, again.Status);
        Assert.Contains("already approved", again.Message, StringComparison.Ordinal);
        var listing = Assert.Single(listed.Pending, p => p.ApprovalId == id);
        Assert.Equal((2, 1), (listing.ApproversNeeded, listing.Approvers.Count));
        Assert.Equal(RemediationCalls.Why, listing.Justification);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var result = await second.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.Equal("executed", result.GetProperty("status").GetString());
        Assert.Equal(ApprovalState.Completed, (await GetApprovalAsync(id, cancellationToken)).State);
    }

    [Fact]
    public async Task OperatorApi_Reject_EndsTheRequestAndALaterApprovalDoesNothing()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;
        using var dan = fixture.CreateHttpClient(RemediationTokens.SecondApproverToken);

        var rejected = await dan.PostAsJsonAsync($"/api/approvals/{id}/reject", new { comment = "wrong service" }, cancellationToken);
        var late = await dan.PostAsJsonAsync($"/api/approvals/{id}/approve", new { comment = "changed my mind" }, cancellationToken);
        var listed = await dan.GetFromJsonAsync<PendingApprovalsResult>("/api/approvals", McpJsonUtilities.DefaultOptions, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(ApprovalState.Rejected, (await GetApprovalAsync(id, cancellationToken)).State);
        Assert.DoesNotContain(listed!.Pending, p => p.ApprovalId == id);
    }

    [Fact]
    public async Task OperatorApi_AgentTokenOrMissingComment_IsRefused()
    {
        var cancellationToken = TestTimeouts.Token();
        using var agent = fixture.CreateHttpClient(RemediationTokens.AutonomousToken);
        using var dan = fixture.CreateHttpClient(RemediationTokens.SecondApproverToken);

        var list = await agent.GetAsync("/api/approvals", cancellationToken);
        var noComment = await dan.PostAsJsonAsync("/api/approvals/apr_000000000000000000000000/approve", new { comment = "" }, cancellationToken);
        var unknown = await dan.PostAsJsonAsync("/api/approvals/apr_000000000000000000000000/approve", new { comment = "ok" }, cancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<ApprovalView> GetApprovalAsync(string id, CancellationToken cancellationToken)
    {
        using var api = fixture.CreateHttpClient(TestTokens.ApproverToken);
        return (await api.GetFromJsonAsync<ApprovalView>($"/api/approvals/{id}", McpJsonUtilities.DefaultOptions, cancellationToken))!;
    }

    private static async Task<ApproveRequestResult> ApproveAsync(ModelContextProtocol.Client.McpClient client, string id, bool approve, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = id, ["approve"] = approve, ["comment"] = "checked the dashboards" }, cancellationToken: cancellationToken);
        Assert.True(result.IsError != true, Text(result));
        return Parse<ApproveRequestResult>(result);
    }
}
