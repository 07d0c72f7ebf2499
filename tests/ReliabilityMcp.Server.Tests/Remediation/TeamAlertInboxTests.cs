using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Server.Approvals;
using ReliabilityMcp.Server.Configuration;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>The remediation server with the team-alerts secret, so its own inbox can receive the shipped alert_team webhook.</summary>
public sealed class TeamAlertServerFixture : RemediationServerFixture
{
    public const string Secret = "team-alerts-secret-3f9c1a7e5b2d48c6";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("Executors:team-alerts:Secret", Secret)];
}

/// <summary>
/// alert_team delivered to the server's own team inbox (the shipped configuration's executor), and the executor check at
/// approval time: an approval whose executor went away is refused when re-checked, not run into a failure.
/// </summary>
public sealed class TeamAlertInboxTests(TeamAlertServerFixture fixture) : IClassFixture<TeamAlertServerFixture>
{
    [Fact]
    public async Task AlertTeam_ToTheInbox_CompletesWithoutHealthChecksAndIsAuditedWithItsEvidence()
    {
        var cancellationToken = TestTimeouts.Token();
        await UseConfigurationAsync(fixture.InitialText
            .Replace("alert_team:      { base_risk: low,    cooldown_seconds: 0, max_executions_per_hour: 3600, executor: argv }",
                "alert_team:      { base_risk: low,    cooldown_seconds: 0, max_executions_per_hour: 3600, executor: team-alerts }", StringComparison.Ordinal)
            .Replace("executors:\n", $"executors:\n  team-alerts:\n    webhook: {{ url: \"{new Uri(fixture.Server.BaseAddress, "/api/team-alerts")}\", retries: 0 }}\n", StringComparison.Ordinal),
            c => c.ActionFor(ActionType.AlertTeam).Executor == "team-alerts");
        // The service the alert is about is down: that must not make the alert "fail" its after-check.
        fixture.Receiver.HealthStatus["web"] = 503;
        await using var agent = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var evidence = $"restart of web was rejected; 5m error rate 1.0, 1h burn 42 ({Guid.NewGuid():N})";

        var sut = await ExecuteAsync(agent, JsonSerializer.Serialize(new { action = "alert_team", targets = new[] { "web" }, justification = evidence, confidence = 0.9 }), cancellationToken);

        Assert.Equal("executed", sut.Status);
        Assert.Equal("completed", sut.Execution!.Outcome);
        Assert.Empty(sut.Execution.BeforeChecks);
        Assert.Empty(sut.Execution.AfterChecks);
        using var api = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var audit = await api.GetStringAsync(new Uri("/api/audit?from=1&count=1000", UriKind.Relative), cancellationToken);
        Assert.Contains(JsonDocument.Parse(audit).RootElement.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("record").GetProperty("tool").GetString() == "team_alert"
            && e.GetProperty("record").GetProperty("principal").GetString() == RemediationTokens.Autonomous
            && e.GetProperty("record").GetProperty("detail").GetString()!.Contains(evidence, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeamAlertInbox_UnsignedOrWronglySigned_Refused()
    {
        var cancellationToken = TestTimeouts.Token();
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var body = """{"execution_id":"x","phase":"execute","action":"alert_team","targets":["web"],"requester":"mallory","justification":"fake"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var unsigned = await http.PostAsync(new Uri("/api/team-alerts", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        using var forged = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/team-alerts", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        forged.Headers.Add(Server.Remediation.WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        forged.Headers.Add(Server.Remediation.WebhookSignature.SignatureHeader, Server.Remediation.WebhookSignature.Compute("not-the-secret", timestamp, body));
        using var forgedAnswer = await http.SendAsync(forged, cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedAnswer.StatusCode);
    }

    [Fact]
    public async Task ApproveRequest_ExecutorRemovedAfterTheRequest_GuardDeniedNamingTheMissingExecutor()
    {
        var cancellationToken = TestTimeouts.Token();
        await UseConfigurationAsync(fixture.InitialText, c => c.ActionFor(ActionType.Rollback).Executor == "hook");
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        Assert.Equal("pending_approval", pending.Status);
        await UseConfigurationAsync(
            fixture.InitialText.Replace("rollback:        { base_risk: high,   cooldown_seconds: 0, max_executions_per_hour: 3600, executor: hook }",
                "rollback:        { base_risk: high,   cooldown_seconds: 0, max_executions_per_hour: 3600 }", StringComparison.Ordinal),
            c => c.ActionFor(ActionType.Rollback).Executor is null);

        var result = await bob.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = pending.Approval!.ApprovalId, ["approve"] = true, ["comment"] = "go" }, cancellationToken: cancellationToken);

        var sut = Parse<ApproveRequestResult>(result);
        Assert.Equal(ApprovalDecisionStatus.GuardDenied, sut.Status);
        var failed = Assert.Single(sut.FailedChecks!);
        Assert.Equal(GuardChecks.Executor, failed.Name);
        Assert.Contains("no executor is configured for rollback", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(ApprovalState.Pending, sut.Approval!.State);
        await UseConfigurationAsync(fixture.InitialText, c => c.ActionFor(ActionType.Rollback).Executor == "hook");
    }

    private async Task UseConfigurationAsync(string text, Func<Core.Configuration.ReliabilityConfiguration, bool> inForce)
    {
        var source = fixture.Server.Services.GetRequiredService<HotReloadingConfigurationSource>();
        fixture.Config.Write(text);
        await Poll.UntilAsync(() => inForce(source.Current), "the edited configuration is in force");
    }
}
