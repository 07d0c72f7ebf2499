using System.Text;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// Issue 17: naming a policy cannot dodge the action's cooldown nor name a policy the server's telemetry contradicts; a
/// call that loses the race for a cap's last slot is denied; one principal cannot queue more than the pending cap.
/// Real server, real store, SDK clients, a webhook receiver that sees every execution.
/// </summary>
public sealed class GuardAttackTests(GuardAttackServerFixture fixture) : IClassFixture<GuardAttackServerFixture>
{
    [Fact]
    public async Task ExecuteRemediation_RestartThenNamingOtherPolicies_ActionCooldownStillDenies()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var agent = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var policies = await agent.CallToolAsync("evaluate_policies",
            new Dictionary<string, object?> { ["service"] = "s1", ["telemetry"] = new Dictionary<string, object?> { ["latency_p99"] = 120, ["error_rate"] = 0.001 } },
            cancellationToken: cancellationToken);
        Assert.StartsWith("No policy matches for s1", Text(policies), StringComparison.Ordinal);

        var first = await ExecuteAsync(agent, Request("restart", "s1", 0.95), cancellationToken);
        var again = await ExecuteAsync(agent, Request("restart", "s1", 0.95), cancellationToken);
        var latency = await ExecuteAsync(agent, Request("restart", "s1", 0.95, """, "policy": "high-latency-restart" """), cancellationToken);
        var errors = await ExecuteAsync(agent, Request("restart", "s1", 0.95, """, "policy": "error-storm-restart" """), cancellationToken);

        Assert.Equal("executed", first.Status);
        foreach (var denied in new[] { again, latency, errors })
        {
            Assert.Equal("denied", denied.Status);
            var cooldown = Assert.Single(denied.Checks, c => c.Name == GuardChecks.Cooldown);
            Assert.Equal(CheckStatus.Failed, cooldown.Status);
            Assert.Contains("action restart is cooling down on s1", cooldown.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(1, fixture.Receiver.ExecutionsOn("s1"));
    }

    [Fact]
    public async Task ExecuteRemediation_PolicyTheServersTelemetryContradicts_DeniedSayingSo_MatchingOneRuns()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var agent = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        using var sender = fixture.CreateHttpClient(TestTokens.AdminToken);
        await PostTelemetryAsync(sender, total: 400, good: 400, cancellationToken);

        var healthy = await ExecuteAsync(agent, Request("restart", "s9", 0.95, """, "policy": "error-storm-restart" """), cancellationToken);
        await PostTelemetryAsync(sender, total: 400, good: 0, cancellationToken); // 400 of 800 failed in the last minutes: 0.5
        var storm = await ExecuteAsync(agent, Request("restart", "s9", 0.95, """, "policy": "error-storm-restart" """), cancellationToken);

        Assert.Equal("denied", healthy.Status);
        var failed = Assert.Single(healthy.Checks, c => c.Status == CheckStatus.Failed);
        Assert.Equal(GuardChecks.PolicyMatch, failed.Name);
        Assert.Contains("policy error-storm-restart does not match the telemetry the server measured (s9: error_rate is 0, the condition is error_rate > 0.2)",
            failed.Detail, StringComparison.Ordinal);
        Assert.Equal("executed", storm.Status);
        Assert.Contains("s9: error_rate is 0.5", Assert.Single(storm.Checks, c => c.Name == GuardChecks.PolicyMatch).Detail, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Receiver.ExecutionsOn("s9"));
    }

    [Fact]
    public async Task ExecuteRemediation_SixParallelCallsForTheLastSlotOfACap_OneExecutesTheRestDeniedByTheCap()
    {
        var cancellationToken = TestTimeouts.Token();
        // scale_out allows 1 execution per hour per service: every call reads "0 of 1", only one can have the slot.
        var results = await ExecuteInParallelAsync(fixture, RemediationTokens.AutonomousToken,
            [.. Enumerable.Repeat(Request("scale_out", "capped", 0.95), 6)], cancellationToken);

        var executed = Assert.Single(results, r => r.Status == "executed");
        Assert.Equal("completed", executed.Execution!.Outcome);
        Assert.All(results.Where(r => r != executed), r =>
        {
            Assert.Equal("denied", r.Status);
            Assert.Null(r.Execution);
            Assert.Equal(CheckStatus.Failed, Assert.Single(r.Checks, c => c.Name == GuardChecks.HourlyCap).Status);
        });
        Assert.Equal(1, fixture.Receiver.ExecutionsOn("capped"));
    }

    [Fact]
    public async Task ExecuteRemediation_MoreParallelRequestsThanThePendingCap_CapHeldAndARejectionFreesASlot()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var agent = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var approver = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            ExecuteAsync(agent, Request("rollback", $"s{i + 1}"), cancellationToken)));
        var pending = results.Where(r => r.Status == "pending_approval").ToList();
        Assert.Equal(GuardAttackServerFixture.PendingCap, pending.Count);
        Assert.All(results.Where(r => r.Status != "pending_approval"), r =>
        {
            Assert.Equal("denied", r.Status);
            var capped = Assert.Single(r.Checks, c => c.Status == CheckStatus.Failed);
            Assert.Equal(PendingApprovalCapException.CheckName, capped.Name);
            Assert.Contains($"already has {GuardAttackServerFixture.PendingCap} pending approvals", capped.Detail, StringComparison.Ordinal);
            Assert.Contains("Approvals:MaxPendingPerPrincipal", capped.Detail, StringComparison.Ordinal);
        });

        await approver.CallToolAsync("approve_request", new Dictionary<string, object?>
        {
            ["approval_id"] = pending[0].Approval!.ApprovalId, ["approve"] = false, ["comment"] = "not now",
        }, cancellationToken: cancellationToken);
        var afterRejection = await ExecuteAsync(agent, Request("rollback", "s1"), cancellationToken);
        var overAgain = await ExecuteAsync(agent, Request("rollback", "s2"), cancellationToken);

        Assert.Equal("pending_approval", afterRejection.Status);
        Assert.Equal("denied", overAgain.Status);
    }

    private static async Task PostTelemetryAsync(HttpClient sender, int total, int good, CancellationToken cancellationToken)
    {
        var batch = $$"""
            {"batch_id": "{{Guid.NewGuid()}}", "events": [
              {"service": "s9", "timestamp": "{{DateTimeOffset.UtcNow:O}}", "total": {{total}}, "good": {{good}}}
            ]}
            """;
        using var response = await sender.PostAsync("api/telemetry", new StringContent(batch, Encoding.UTF8, "application/json"), cancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
