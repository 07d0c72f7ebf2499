using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Server.Approvals;
using ReliabilityMcp.Server.Remediation;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// approve_request over stdio: the server asks the human through MCP elicitation (the model cannot answer it). Accepted
/// approves as the human, declined rejects, and a client without elicitation is refused and pointed to the operator API.
/// </summary>
public sealed class StdioApprovalTests(StdioRemediationFixture fixture) : IClassFixture<StdioRemediationFixture>
{
    [Fact]
    public async Task ApproveRequest_ElicitationAccepted_ExecutesAsTheHuman()
    {
        var cancellationToken = TestTimeouts.Token(TimeSpan.FromMinutes(2));
        var prompts = new ConcurrentQueue<string>();
        await using var sut = await fixture.ConnectAsync((request, _) =>
        {
            prompts.Enqueue(request?.Message ?? "");
            return ValueTask.FromResult(new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement> { ["comment"] = JsonSerializer.SerializeToElement("confirmed at the keyboard") },
            });
        }, cancellationToken);
        var pending = await ExecuteAsync(sut, Request("restart", "web"), cancellationToken);

        var result = await ApproveAsync(sut, pending.Approval!.ApprovalId, approve: true, cancellationToken);

        var prompt = Assert.Single(prompts);
        Assert.StartsWith($"Approve restart of web requested by {Environment.UserName}", prompt, StringComparison.Ordinal);
        Assert.Contains(Why, prompt, StringComparison.Ordinal);
        Assert.Equal(ApprovalDecisionStatus.Executed, result.Status);
        Assert.Equal([$"human:{Environment.UserName}"], result.Approval!.Approvers);
        Assert.Equal("confirmed at the keyboard", result.Approval.Events.Single(e => e.Event == "approved").Comment);
        var execution = result.Result!.Value.Deserialize<ExecutionReport>(McpJsonUtilities.DefaultOptions)!;
        Assert.Equal("completed", execution.Outcome);
        Assert.Single(fixture.Receiver.For("main", execution.ExecutionId));
    }

    [Fact]
    public async Task ApproveRequest_ElicitationDeclined_RejectsAndNothingRuns()
    {
        var cancellationToken = TestTimeouts.Token(TimeSpan.FromMinutes(2));
        await using var sut = await fixture.ConnectAsync((_, _) => ValueTask.FromResult(new ElicitResult { Action = "decline" }), cancellationToken);
        var pending = await ExecuteAsync(sut, Request("restart", "web"), cancellationToken);

        var result = await ApproveAsync(sut, pending.Approval!.ApprovalId, approve: true, cancellationToken);

        Assert.Equal(ApprovalDecisionStatus.Rejected, result.Status);
        Assert.Equal(ApprovalState.Rejected, result.Approval!.State);
        Assert.DoesNotContain(fixture.Receiver.Deliveries, d => d.ExecutionId == "exe_" + pending.Approval.ApprovalId["apr_".Length..]);
    }

    [Fact]
    public async Task ApproveRequest_ClientWithoutElicitation_RefusedWithDirectionsToTheOperatorApi()
    {
        var cancellationToken = TestTimeouts.Token(TimeSpan.FromMinutes(2));
        await using var sut = await fixture.ConnectAsync(elicitation: null, cancellationToken);
        var pending = await ExecuteAsync(sut, Request("restart", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;

        var result = await ApproveAsync(sut, id, approve: true, cancellationToken);
        var listed = Parse<PendingApprovalsResult>(await sut.CallToolAsync("list_pending_approvals", cancellationToken: cancellationToken));

        Assert.Equal(ApprovalDecisionStatus.Refused, result.Status);
        Assert.Contains($"POST /api/approvals/{id}/approve", result.Message, StringComparison.Ordinal);
        Assert.Contains("does not support elicitation", result.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalState.Pending, Assert.Single(listed.Pending, p => p.ApprovalId == id).State);
    }

    private static async Task<ApproveRequestResult> ApproveAsync(ModelContextProtocol.Client.McpClient client, string id, bool approve, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = id, ["approve"] = approve, ["comment"] = "the assistant thinks this is right" }, cancellationToken: cancellationToken);
        Assert.True(result.IsError != true, Text(result));
        return Parse<ApproveRequestResult>(result);
    }
}
