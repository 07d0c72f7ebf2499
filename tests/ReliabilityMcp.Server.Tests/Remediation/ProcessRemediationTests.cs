using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>execute_remediation through <c>process</c> executors: the runner, the breaker, the inverse and what-if against an in-test AppHost.</summary>
public sealed class ProcessRemediationTests(ProcessServerFixture fixture) : IClassFixture<ProcessServerFixture>
{
    [Fact]
    public async Task Execute_AutonomousRestart_RestartsTheProcessOnceAndReportsBothPids()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var pidBefore = fixture.Plane.PidOf("web");

        var sut = await ExecuteAsync(client, Request("restart", "web"), cancellationToken);

        Assert.Equal("executed", sut.Status);
        Assert.Equal("completed", sut.Execution!.Outcome);
        Assert.Equal("apphost-restart", sut.Execution.Executor);
        var step = Assert.Single(sut.Execution.Steps);
        Assert.Equal(("process", "web", 200), (step.Kind, step.Target, step.StatusCode));
        Assert.Equal(["POST", $"{fixture.Plane.BaseUrl}/resources/web/restart"], step.Invocation);
        // Other tests only read web (what-if): this is the one change made to it.
        var call = Assert.Single(fixture.Plane.CallsFor("web"), c => c.Method == "POST");
        Assert.Equal(("restart", true), (call.Operation, call.Authorized));
        using var output = JsonDocument.Parse(step.Output);
        Assert.Equal(pidBefore, output.RootElement.GetProperty("pidBefore").GetInt32());
        Assert.Equal(fixture.Plane.PidOf("web"), output.RootElement.GetProperty("pidAfter").GetInt32());
        Assert.NotEqual(pidBefore, fixture.Plane.PidOf("web"));
        Assert.True(Assert.Single(sut.Execution.AfterChecks).Healthy);
        Assert.False(sut.Execution.Inverse.Available);
        Assert.StartsWith("restart has no automatic inverse", sut.Execution.Inverse.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(ProcessServerFixture.ControlToken, JsonSerializer.Serialize(sut), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ScaleOutWithTheReplicasParameter_SendsThatCount()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);

        var sut = await ExecuteAsync(client, Request("scale_out", "api", extra: """, "parameters": {"replicas": 3}"""), cancellationToken);

        Assert.Equal("completed", sut.Execution!.Outcome);
        var step = Assert.Single(sut.Execution.Steps);
        Assert.Equal(["POST", $"{fixture.Plane.BaseUrl}/resources/api/scale", "replicas=3"], step.Invocation);
        var post = Assert.Single(fixture.Plane.CallsFor("api"), c => c.Method == "POST");
        Assert.Equal(3, JsonDocument.Parse(post.Body).RootElement.GetProperty("replicas").GetInt32());
        using var output = JsonDocument.Parse(step.Output);
        Assert.Equal((1, 3), (output.RootElement.GetProperty("replicasBefore").GetInt32(), output.RootElement.GetProperty("replicasAfter").GetInt32()));
        Assert.StartsWith("scale has no automatic inverse", sut.Execution.Inverse.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ScaleOutWithoutTheReplicasParameter_FailsBeforeAnythingIsSent()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);

        var sut = await ExecuteAsync(client, Request("scale_out", "web"), cancellationToken);

        Assert.Equal("failed", sut.Execution!.Outcome);
        Assert.Empty(sut.Execution.Steps);
        Assert.False(sut.Execution.CountersSpent);
        Assert.Contains("parameters.replicas", sut.Execution.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Plane.Calls, c => c is { Resource: "web", Operation: "scale" });
    }

    [Fact]
    public async Task Execute_StopFailsTheAfterCheck_TheInverseStartsTheProcessAgain()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);
        var pidBefore = fixture.Plane.PidOf("cart");

        // A stopped process fails its health check: the after-check fails and the recorded inverse (start) runs.
        var sut = await ExecuteAsync(client, Request("traffic_shift", "cart"), cancellationToken);

        Assert.Equal("rolled_back", sut.Execution!.Outcome);
        Assert.True(Assert.Single(sut.Execution.BeforeChecks).Healthy);
        Assert.False(Assert.Single(sut.Execution.AfterChecks).Healthy);
        Assert.True(sut.Execution.Inverse.Available);
        Assert.Equal([["POST", $"{fixture.Plane.BaseUrl}/resources/cart/start"]], sut.Execution.Inverse.Invocations);
        Assert.True(sut.Execution.Inverse.Ran);
        Assert.True(sut.Execution.Inverse.Succeeded);
        using (var stopped = JsonDocument.Parse(Assert.Single(sut.Execution.Steps).Output))
        {
            Assert.Equal(pidBefore, stopped.RootElement.GetProperty("pidBefore").GetInt32());
            Assert.Equal(JsonValueKind.Null, stopped.RootElement.GetProperty("pidAfter").ValueKind);
        }

        Assert.Equal(["stop", "start"], fixture.Plane.CallsFor("cart").Where(c => c.Method == "POST").Select(c => c.Operation));
        Assert.NotNull(fixture.Plane.PidOf("cart"));
    }

    [Fact]
    public async Task Execute_RepeatedRefusals_OpenTheCircuitAndStopCallingTheAppHost()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AutonomousToken, cancellationToken);

        var first = await ExecuteAsync(client, Request("circuit_breaker", "store"), cancellationToken);
        var second = await ExecuteAsync(client, Request("circuit_breaker", "store"), cancellationToken);
        var third = await ExecuteAsync(client, Request("circuit_breaker", "store"), cancellationToken);

        Assert.Equal(("failed", "closed"), (first.Execution!.Outcome, first.Execution.CircuitBreaker));
        Assert.Contains("the AppHost answered 409 to restart store", first.Execution.Error, StringComparison.Ordinal);
        Assert.Equal(("failed", "open"), (second.Execution!.Outcome, second.Execution.CircuitBreaker));
        Assert.Equal(("failed", "open"), (third.Execution!.Outcome, third.Execution.CircuitBreaker));
        Assert.Contains("circuit breaker apphost-fragile@store is open after repeated failures, so the executor was not called", third.Execution.Error, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Plane.CallsFor("store").Count(c => c.Method == "POST"));
    }

    [Fact]
    public async Task Execute_Advisory_DryRunAsksTheAppHostAndSendsNothing()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await fixture.ConnectAsync(RemediationTokens.AdvisoryToken, cancellationToken);
        var posts = fixture.Plane.Calls.Count(c => c.Method == "POST");

        var managed = await ExecuteAsync(client, Request("restart", "web"), cancellationToken);
        var fixedResource = await ExecuteAsync(client, Request("restart", "store"), cancellationToken);
        var unmanaged = await ExecuteAsync(client, Request("restart", "batch"), cancellationToken);

        Assert.Equal("what_if", managed.Status);
        Assert.Equal("apphost-restart", managed.Plan!.Executor);
        Assert.Equal([["POST", $"{fixture.Plane.BaseUrl}/resources/web/restart"]], managed.Plan.Invocations);
        var check = Assert.Single(managed.Plan.DryRun);
        Assert.True(check.Succeeded, check.Error);
        using (var output = JsonDocument.Parse(check.Output))
        {
            Assert.True(output.RootElement.GetProperty("managed").GetBoolean());
            Assert.True(output.RootElement.GetProperty("controllable").GetBoolean());
        }

        Assert.StartsWith("restart has no automatic inverse", managed.Plan.Inverse, StringComparison.Ordinal);
        Assert.Equal("'store' is managed by the AppHost but not controllable, so restart would be refused (409)", Assert.Single(fixedResource.Plan!.DryRun).Error);
        Assert.StartsWith($"the AppHost at {fixture.Plane.BaseUrl} does not manage 'batch'", Assert.Single(unmanaged.Plan!.DryRun).Error, StringComparison.Ordinal);
        Assert.Equal(posts, fixture.Plane.Calls.Count(c => c.Method == "POST"));
    }
}
