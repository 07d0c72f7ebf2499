using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Server.Approvals;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>get_approval_status: how a requester learns what became of its pending request.</summary>
public sealed class ApprovalStatusTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    [Fact]
    public async Task GetApprovalStatus_ByTheRequester_ShowsPendingThenCompletedWithTheExecution()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;

        var before = Parse<ApprovalView>(await StatusAsync(requester, id, cancellationToken));
        var approved = await bob.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = id, ["approve"] = true, ["comment"] = "checked the dashboards" }, cancellationToken: cancellationToken);
        Assert.True(approved.IsError != true, Text(approved));
        var sut = await StatusAsync(requester, id, cancellationToken);

        Assert.Equal(ApprovalState.Pending, before.State);
        Assert.Null(before.Result);
        Assert.NotEqual(true, sut.IsError);
        var after = Parse<ApprovalView>(sut);
        Assert.Equal(ApprovalState.Completed, after.State);
        Assert.Equal([TestTokens.ApproverPrincipal], after.Approvers);
        Assert.Equal("completed", after.Result!.Value.GetProperty("outcome").GetString());
        Assert.Contains("is completed", Text(sut), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetApprovalStatus_ByAnotherAgent_AnswersAsIfItDidNotExist()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var other = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;

        var sut = await StatusAsync(other, id, cancellationToken);
        var unknown = await StatusAsync(other, "apr_000000000000000000000000", cancellationToken);
        var approverView = Parse<ApprovalView>(await StatusAsync(bob, id, cancellationToken));

        Assert.True(sut.IsError);
        Assert.Equal(Text(unknown).Replace("apr_000000000000000000000000", id, StringComparison.Ordinal), Text(sut));
        Assert.Equal(ApprovalState.Pending, approverView.State);
        Assert.Equal(RemediationTokens.Approval, approverView.Requester);
    }

    [Fact]
    public async Task GetApprovalStatus_MalformedId_IsAnErrorThatSaysTheShape()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);

        var sut = await StatusAsync(requester, "42", cancellationToken);

        Assert.True(sut.IsError);
        Assert.Contains("24 hex digits", Text(sut), StringComparison.Ordinal);
    }

    private static async Task<CallToolResult> StatusAsync(McpClient client, string approvalId, CancellationToken cancellationToken) =>
        await client.CallToolAsync("get_approval_status", new Dictionary<string, object?> { ["approval_id"] = approvalId }, cancellationToken: cancellationToken);
}
