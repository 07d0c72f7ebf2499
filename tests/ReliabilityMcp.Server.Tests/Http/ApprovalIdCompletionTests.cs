using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Server.Tests.Remediation;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Http;

/// <summary>completion/complete of <c>approval_id</c> offers only the pending approvals the caller may see (issue 23 item 4).</summary>
public sealed class ApprovalIdCompletionTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    [Fact]
    public async Task Complete_ApprovalId_OffersAnAgentOnlyItsOwnAndAnAdminEvery()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var otherAgent = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        await using var admin = await fixture.ConnectAsync(TestTokens.AdminToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;

        var requesterSees = await ApprovalIdsAsync(requester, cancellationToken);
        var otherSees = await ApprovalIdsAsync(otherAgent, cancellationToken);
        var adminSees = await ApprovalIdsAsync(admin, cancellationToken);

        Assert.Contains(id, requesterSees);
        Assert.DoesNotContain(id, otherSees);
        Assert.Contains(id, adminSees);
    }

    private static async Task<IList<string>> ApprovalIdsAsync(McpClient client, CancellationToken cancellationToken)
        => (await client.CompleteAsync(new ResourceTemplateReference { Uri = "reliability://approvals/{approval_id}" }, "approval_id", "apr_",
            cancellationToken: cancellationToken)).Completion.Values;
}
