using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Server.Approvals;
using ReliabilityMcp.Server.Configuration;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>The guard runs again at approval time: a change freeze that started after the request blocks the approval.</summary>
public sealed class GuardRecheckTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    [Fact]
    public async Task ApproveRequest_FreezeStartedAfterTheRequest_GuardDeniedAndStaysPending()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        var source = fixture.Server.Services.GetRequiredService<HotReloadingConfigurationSource>();
        var now = DateTime.UtcNow;
        var freeze = $"""
              change_freezes:
                - {"{"} name: incident-freeze, time_zone: UTC, start: "{now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)}", end: "{now.AddHours(2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)}" {"}"}
            """;
        fixture.Config.Write(fixture.InitialText.Replace("  rate_limits:", freeze + "\n  rate_limits:", StringComparison.Ordinal));
        await Poll.UntilAsync(() => source.Current.Guard.ChangeFreezes.Count == 1, "the freeze is in force");

        var result = await bob.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = pending.Approval!.ApprovalId, ["approve"] = true, ["comment"] = "looks right" }, cancellationToken: cancellationToken);

        var sut = Parse<ApproveRequestResult>(result);
        Assert.Equal(ApprovalDecisionStatus.GuardDenied, sut.Status);
        var failed = Assert.Single(sut.FailedChecks!);
        Assert.Equal(GuardChecks.ChangeFreeze, failed.Name);
        Assert.Contains("incident-freeze", sut.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalState.Pending, sut.Approval!.State);
        Assert.Empty(sut.Approval.Approvers);
        Assert.Equal("guard_denied", sut.Approval.Events[^1].Event);
    }
}
