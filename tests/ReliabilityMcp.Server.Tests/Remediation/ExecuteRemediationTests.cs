using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>execute_remediation over HTTP with the SDK client, real store, in-test webhook receiver and argv script.</summary>
public sealed class ExecuteRemediationTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    public static TheoryData<string, string, string, RiskClass, string, int> ModeByRisk => new()
    {
        // token, action, target, risk, status, approvers needed
        { RemediationTokens.AutonomousToken, "restart", "web", RiskClass.Low, "executed", 0 },
        { RemediationTokens.AutonomousToken, "scale_out", "web", RiskClass.Medium, "executed", 0 },
        { RemediationTokens.AutonomousToken, "rollback", "web", RiskClass.High, "pending_approval", 1 },
        { RemediationTokens.AutonomousToken, "failover", "web", RiskClass.Critical, "pending_approval", 2 },
        { RemediationTokens.ApprovalToken, "restart", "web", RiskClass.Low, "pending_approval", 1 },
        { RemediationTokens.ApprovalToken, "scale_out", "web", RiskClass.Medium, "pending_approval", 1 },
        { RemediationTokens.ApprovalToken, "rollback", "web", RiskClass.High, "pending_approval", 1 },
        { RemediationTokens.ApprovalToken, "failover", "web", RiskClass.Critical, "pending_approval", 2 },
        { RemediationTokens.AdvisoryToken, "restart", "web", RiskClass.Low, "what_if", 0 },
        { RemediationTokens.AdvisoryToken, "scale_out", "web", RiskClass.Medium, "what_if", 0 },
        { RemediationTokens.AdvisoryToken, "rollback", "web", RiskClass.High, "what_if", 0 },
        { RemediationTokens.AdvisoryToken, "failover", "web", RiskClass.Critical, "what_if", 0 },
        { RemediationTokens.ExplorerToken, "restart", "web", RiskClass.Low, "denied", 0 },
        { RemediationTokens.AutonomousToken, "custom", "web", RiskClass.High, "denied", 0 },
    };

    [Theory]
    [MemberData(nameof(ModeByRisk))]
    public async Task Execute_ModeAndRiskClass_GivesTheGuardsOutcome(string token, string action, string target, RiskClass risk, string status, int approvers)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(token, cancellationToken);

        var sut = await ExecuteAsync(client, Request(action, target, extra: """, "parameters": {"note": "matrix"}"""), cancellationToken);

        Assert.Equal(status, sut.Status);
        Assert.Equal(risk, sut.Risk);
        Assert.Equal([target], sut.BlastRadius);
        switch (status)
        {
            case "executed":
                Assert.Equal("completed", sut.Execution!.Outcome);
                Assert.True(sut.Execution.CountersSpent);
                Assert.Equal("closed", sut.Execution.CircuitBreaker);
                Assert.Contains(sut.Execution.BeforeChecks, c => c is { Target: "web", Healthy: true });
                Assert.Contains(sut.Execution.AfterChecks, c => c is { Target: "web", Healthy: true });
                Assert.True(sut.Execution.Inverse.Available);
                Assert.False(sut.Execution.Inverse.Ran);
                break;
            case "pending_approval":
                Assert.Equal(approvers, sut.Approval!.ApproversNeeded);
                Assert.Matches("^apr_[0-9a-f]{24}$", sut.Approval.ApprovalId);
                Assert.True(sut.Approval.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(10));
                Assert.Null(sut.Execution);
                break;
            case "what_if":
                Assert.NotNull(sut.Plan);
                Assert.Equal([target], sut.Plan.PredictedBlastRadius);
                Assert.NotEmpty(sut.Plan.CountersToSpend);
                Assert.Null(sut.Execution);
                break;
            default:
                Assert.Contains(sut.Checks, c => c.Status == CheckStatus.Failed);
                Assert.Null(sut.Execution);
                break;
        }
    }

    [Fact]
    public async Task Execute_LowConfidence_DeniedNamingTheConfidenceCheck()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);

        var sut = await ExecuteAsync(client, Request("restart", "web", confidence: 0.3), cancellationToken);

        Assert.Equal("denied", sut.Status);
        var failed = Assert.Single(sut.Checks, c => c.Status == CheckStatus.Failed);
        Assert.Equal(GuardChecks.Confidence, failed.Name);
    }

    [Fact]
    public async Task Execute_AutonomousWebhook_DeliversOneSignedCallWithTheExecutionId()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);

        var sut = await ExecuteAsync(client, Request("restart", "web"), cancellationToken);

        var id = sut.Execution!.ExecutionId;
        var delivery = Assert.Single(fixture.Receiver.For("main", id));
        Assert.True(delivery.SignatureValid);
        Assert.Equal("execute", delivery.Phase);
        Assert.Equal(id, delivery.ExecutionIdHeader);
        Assert.Contains("\"requester\":\"agent-auto\"", delivery.Body, StringComparison.Ordinal);
        var step = Assert.Single(sut.Execution.Steps);
        Assert.Equal(200, step.StatusCode);
        Assert.DoesNotContain(RemediationConfig.WebhookSecret, Text(await CallAsync(client, Request("restart", "web"), cancellationToken)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("; rm -rf /")]
    [InlineData("$(touch /tmp/rmcp-injected)")]
    [InlineData("`id` && echo \"quoted\" 'single' | cat > /tmp/rmcp-injected")]
    public async Task Execute_CommandPlaceholderWithShellSyntax_PassedAsOneLiteralArgument(string note)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var parameters = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["note"] = note });

        var sut = await ExecuteAsync(client, Request("alert_team", "batch", extra: $", \"parameters\": {parameters}"), cancellationToken);

        Assert.Equal("completed", sut.Execution!.Outcome);
        var step = Assert.Single(sut.Execution.Steps);
        Assert.Equal(0, step.ExitCode);
        Assert.Equal([fixture.ScriptPath, "alert_team", "batch", note], step.Invocation);
        // The script prints each argv element on its own line: the note arrived whole and uninterpreted.
        Assert.Equal($"<alert_team>\n<batch>\n<{note}>\n", step.Output);
        Assert.False(File.Exists("/tmp/rmcp-injected"));
    }

    [Theory]
    [InlineData("line one\nline two")]
    [InlineData("--kubeconfig=/etc/evil")]
    public async Task Execute_ParameterWithNewlineOrLeadingDash_RejectedBeforeAnythingRuns(string note)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var parameters = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["note"] = note });

        var result = await CallAsync(client, Request("alert_team", "batch", extra: $", \"parameters\": {parameters}"), cancellationToken);

        Assert.True(result.IsError);
        Assert.Contains("parameters.note", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_AdvisoryCommand_ReturnsPlanAndDryRunOutputWithoutRunning()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AdvisoryToken, cancellationToken);

        var sut = await ExecuteAsync(client, Request("scale_out", "web", extra: """, "parameters": {"note": "4 replicas"}"""), cancellationToken);

        Assert.Equal("what_if", sut.Status);
        Assert.Equal("argv", sut.Plan!.Executor);
        Assert.Equal([fixture.ScriptPath, "scale_out", "web", "4 replicas"], Assert.Single(sut.Plan.Invocations));
        var dryRun = Assert.Single(sut.Plan.DryRun);
        Assert.Equal("<--dry-run>\n<scale_out>\n<web>\n", dryRun.Output);
        Assert.Contains(sut.Plan.CountersToSpend, c => c.Contains("cooldown action:scale_out on web", StringComparison.Ordinal));
        Assert.Contains("inverse_args", sut.Plan.Inverse, StringComparison.Ordinal);
        Assert.Empty(sut.Plan.Notes);
    }

    [Theory]
    [InlineData(RemediationTokens.AutonomousToken)]
    [InlineData(RemediationTokens.ApprovalToken)]
    public async Task Execute_ExecutableNotAllowListed_IsDeniedByTheGuardNamingTheExecutorAndNothingWaitsForApproval(string token)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(token, cancellationToken);

        var sut = await ExecuteAsync(client, Request("traffic_shift", "batch"), cancellationToken);

        Assert.Equal("denied", sut.Status);
        Assert.Null(sut.Execution);
        Assert.Null(sut.Approval);
        var check = Assert.Single(sut.Checks!, c => c.Name == "executor");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("/bin/true is not in the host's allow-list (Remediation:AllowedExecutables), so executor 'unlisted' may not run", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_FailedAfterCheck_RunsTheInverseAndMarksRolledBack()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        fixture.Receiver.HealthStatus["api"] = 503;

        var sut = await ExecuteAsync(client, Request("restart", "api"), cancellationToken);

        Assert.Equal("rolled_back", sut.Execution!.Outcome);
        Assert.False(Assert.Single(sut.Execution.AfterChecks).Healthy);
        Assert.True(sut.Execution.Inverse.Ran);
        Assert.True(sut.Execution.Inverse.Succeeded);
        Assert.Contains("after-check failed", sut.Execution.Error, StringComparison.Ordinal);
        var deliveries = fixture.Receiver.For("main", sut.Execution.ExecutionId);
        Assert.Equal(["execute", "inverse"], deliveries.Select(d => d.Phase));
        Assert.All(deliveries, d => Assert.True(d.SignatureValid));
    }

    [Fact]
    public async Task Execute_RepeatedExecutorFailures_OpenTheCircuitAndTheResultSaysSo()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        fixture.Receiver.HookStatus["flaky"] = 500;

        var first = await ExecuteAsync(client, Request("circuit_breaker", "batch"), cancellationToken);
        var second = await ExecuteAsync(client, Request("circuit_breaker", "batch"), cancellationToken);
        var third = await ExecuteAsync(client, Request("circuit_breaker", "batch"), cancellationToken);

        Assert.Equal(("failed", "closed"), (first.Execution!.Outcome, first.Execution.CircuitBreaker));
        Assert.Equal(("failed", "open"), (second.Execution!.Outcome, second.Execution.CircuitBreaker));
        Assert.Equal(("failed", "open"), (third.Execution!.Outcome, third.Execution.CircuitBreaker));
        Assert.Contains("is open after repeated failures, so the executor was not called", third.Execution.Error, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Receiver.Deliveries.Count(d => d.Hook == "flaky"));
    }

    [Fact]
    public async Task Execute_SameIdempotencyKeyAndArguments_ReturnsFirstResultWithoutRunningAgain()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var key = $"inc-{Guid.NewGuid():N}";
        var request = Request("restart", "web", extra: $", \"idempotency_key\": \"{key}\"");

        var first = await ExecuteAsync(client, request, cancellationToken);
        var retry = await ExecuteAsync(client, request, cancellationToken);

        Assert.False(first.IdempotentReplay);
        Assert.True(retry.IdempotentReplay);
        Assert.Equal(first.Execution!.ExecutionId, retry.Execution!.ExecutionId);
        Assert.Single(fixture.Receiver.For("main", first.Execution.ExecutionId));
    }

    [Fact]
    public async Task Execute_SameIdempotencyKeyPendingApproval_ReturnsTheSameApproval()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        var request = Request("rollback", "web", extra: $", \"idempotency_key\": \"inc-{Guid.NewGuid():N}\"");

        var first = await ExecuteAsync(client, request, cancellationToken);
        var retry = await ExecuteAsync(client, request, cancellationToken);

        Assert.Equal("pending_approval", retry.Status);
        Assert.Equal(first.Approval!.ApprovalId, retry.Approval!.ApprovalId);
        Assert.True(retry.IdempotentReplay);
    }

    [Fact]
    public async Task Execute_SameIdempotencyKeyDifferentArguments_IsAnError()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AdvisoryToken, cancellationToken);
        var key = $"inc-{Guid.NewGuid():N}";

        await ExecuteAsync(client, Request("restart", "web", extra: $", \"idempotency_key\": \"{key}\""), cancellationToken);
        var result = await CallAsync(client, Request("restart", "api", extra: $", \"idempotency_key\": \"{key}\""), cancellationToken);

        Assert.True(result.IsError);
        Assert.Contains("already used with different arguments", Text(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"action": "reboot", "targets": ["web"], "justification": "long enough justification text", "confidence": 0.9}""", "'action'")]
    [InlineData("""{"action": "restart", "targets": [], "justification": "long enough justification text", "confidence": 0.9}""", "'targets'")]
    [InlineData("""{"action": "restart", "targets": ["web"], "justification": "short", "confidence": 0.9}""", "'justification'")]
    [InlineData("""{"action": "restart", "targets": ["web"], "justification": "long enough justification text", "confidence": 1.5}""", "'confidence'")]
    [InlineData("""{"action": "restart", "targets": ["web"], "justification": "long enough justification text", "confidence": 0.9, "idempotency_key": "x"}""", "'idempotency_key'")]
    public async Task Execute_InvalidArguments_ToolErrorSaysWhatToSend(string json, string names)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);

        var result = await CallAsync(client, json, cancellationToken);

        Assert.True(result.IsError);
        Assert.Contains(names, Text(result), StringComparison.Ordinal);
    }
}
