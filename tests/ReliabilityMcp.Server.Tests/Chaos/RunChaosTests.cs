using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Server.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Chaos;

public sealed class RunChaosTests(ChaosServerFixture fixture) : IClassFixture<ChaosServerFixture>
{
    [Fact]
    public async Task RunChaos_LatencyTemplate_FaultReallySlowsTheTargetThenIsRemovedAndScored()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var steps = new List<string>();

        var started = await ChaosCalls.RunAsync(client, """{"template": "slow-orders", "target": "checkout"}""", ct,
            new Progress<ProgressNotificationValue>(p => { lock (steps) { steps.Add(p.Message ?? ""); } }));

        Assert.Equal("started", started.Status);
        Assert.True(started.SteadyStateOk);
        Assert.Equal("allow", started.Decision);
        using var http = new HttpClient { BaseAddress = fixture.Estate.Checkout };
        var watch = Stopwatch.StartNew();
        using (var slowed = await http.GetAsync(new Uri("api/orders", UriKind.Relative), ct))
        {
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, slowed.StatusCode);
            Assert.True(slowed.Headers.Contains("X-Chaos-Fault"), "the request was not touched by the injected fault");
        }

        Assert.True(watch.ElapsedMilliseconds >= 300, $"the request took {watch.ElapsedMilliseconds} ms with a 300 ms latency fault in force");

        var done = await ChaosCalls.WaitFinishedAsync(client, started.ExperimentId!, ct);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var result = done.GetProperty("experiment").GetProperty("result");
        Assert.Equal(100, result.GetProperty("resilienceScore").GetDouble()); // latency under the 5 s threshold: every probe passed
        Assert.True(result.GetProperty("latencyP95DuringMs").GetDouble() >= 300);
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Checkout, ct));
        Assert.Equal(["accepted", "steady_state", "injected", "removed", "recovered", "completed"], ChaosCalls.Steps(done));
        Assert.Equal("no SLO is defined for checkout", done.GetProperty("experiment").GetProperty("errorBudgetNote").GetString());
        lock (steps)
        {
            Assert.Contains(steps, s => s.StartsWith("injected:", StringComparison.Ordinal));
        }

        var audit = fixture.Server.Services.GetRequiredService<IAuditTrail>();
        var entries = await audit.ReadAsync(1, 10_000, ct);
        Assert.Contains(entries, e => e.Record.Tool == "run_chaos" && e.Record.Decision == "allow");
        Assert.Contains(entries, e => e.Record.Decision == "chaos_injected" && e.Record.Detail.Contains(started.ExperimentId!, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Record.Decision == "chaos_completed" && e.Record.Detail.Contains(started.ExperimentId!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunChaos_AbortConditionHolds_FaultsRemovedAtTheFirstCheck()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);

        var started = await ChaosCalls.RunAsync(client, """{"template": "storm", "target": "checkout"}""", ct);
        Assert.Equal("started", started.Status);
        var done = await ChaosCalls.WaitFinishedAsync(client, started.ExperimentId!, ct);

        var experiment = done.GetProperty("experiment");
        Assert.Equal("aborted", done.GetProperty("status").GetString());
        Assert.True(experiment.GetProperty("aborted").GetBoolean());
        Assert.StartsWith("probe failure ratio 1 exceeds 0.5", experiment.GetProperty("reason").GetString(), StringComparison.Ordinal);
        // Checked after every probe round (rounds are never further apart than the 1 s watch interval): it stopped at
        // the first round that reached min_samples (2), not at the end of its 60 s.
        var during = experiment.GetProperty("samples").EnumerateArray().Count(s => s.GetProperty("phase").GetString() == "during");
        Assert.Equal(2, during);
        var injectedAt = experiment.GetProperty("injectedAt").GetDateTimeOffset();
        var removedAt = experiment.GetProperty("faultsRemovedAt").GetDateTimeOffset();
        Assert.True(removedAt - injectedAt < TimeSpan.FromSeconds(60));
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Checkout, ct));
        Assert.Equal(0, experiment.GetProperty("result").GetProperty("resilienceScore").GetDouble());
        Assert.Contains("abort", ChaosCalls.Steps(done));
    }

    [Fact]
    public async Task RunChaos_SteadyStateFails_NothingIsInjected()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);

        var result = await ChaosCalls.RunAsync(client, """{"template": "broken-probe", "target": "checkout"}""", ct);

        Assert.Equal("steady_state_failed", result.Status);
        Assert.False(result.SteadyStateOk);
        Assert.Contains("HTTP 404, expected 200", result.SteadyStateDetail, StringComparison.Ordinal);
        var view = await ChaosCalls.GetAsync(client, result.ExperimentId!, ct);
        Assert.Empty(view.GetProperty("experiment").GetProperty("faults").EnumerateArray());
        Assert.DoesNotContain("injected", ChaosCalls.Steps(view));
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Checkout, ct));
    }

    [Fact]
    public async Task RunChaos_AdvisoryPrincipal_ReturnsWhatIfPlanAndInjectsNothing()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ApproverToken, McpClients.November2025, ct);

        var result = await ChaosCalls.RunAsync(client, """{"template": "payments-down", "target": "checkout", "duration_seconds": 30}""", ct);

        Assert.Equal("what_if", result.Status);
        Assert.Null(result.ExperimentId);
        Assert.Equal(30, result.Plan.DurationSeconds);
        Assert.Equal("HTTP 503 errors on payments, path /, rate 1, severity 2", Assert.Single(result.Plan.Faults));
        Assert.Contains(result.Checks, c => c.Name == "operating_mode" && c.Detail.StartsWith("advisory", StringComparison.Ordinal));
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Payments, ct));
    }

    [Fact]
    public async Task RunChaos_ApprovalMode_PendsUntilAnotherApproverApprovesThenRuns()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AdminToken, McpClients.November2025, ct);
        using var requester = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        requester.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.AdminToken);
        using var approver = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        approver.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.ApproverToken);

        var result = await ChaosCalls.RunAsync(client, """{"template": "slow-orders", "target": "checkout"}""", ct);

        Assert.Equal("pending_approval", result.Status);
        Assert.Null(result.ExperimentId);
        Assert.NotNull(result.ApprovalId);
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Checkout, ct));

        // The requester cannot approve its own chaos run (admin-carol has no approver role either).
        using var self = await requester.PostAsync(new Uri($"api/approvals/{result.ApprovalId}/approve", UriKind.Relative),
            new StringContent("""{"comment": "my own"}""", System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Checkout, ct));

        using var approved = await approver.PostAsync(new Uri($"api/approvals/{result.ApprovalId}/approve", UriKind.Relative),
            new StringContent("""{"comment": "game day agreed with the checkout team"}""", System.Text.Encoding.UTF8, "application/json"), ct);
        var body = JsonDocument.Parse(await approved.Content.ReadAsStringAsync(ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("executed", body.GetProperty("status").GetString());
        var id = body.GetProperty("result").GetProperty("experiment_id").GetString()!;
        var done = await ChaosCalls.WaitFinishedAsync(client, id, ct);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(result.ApprovalId, done.GetProperty("experiment").GetProperty("approvalId").GetString());
        Assert.Equal(TestTokens.ApproverPrincipal, Assert.Single(done.GetProperty("experiment").GetProperty("approvedBy").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task RunChaos_DependencyOutage_FaultsTheDependencyAndScoresTheTargetsProbes()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);

        var started = await ChaosCalls.RunAsync(client, """{"template": "payments-down", "target": "checkout"}""", ct);
        var done = await ChaosCalls.WaitFinishedAsync(client, started.ExperimentId!, ct);

        var experiment = done.GetProperty("experiment");
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("payments", Assert.Single(experiment.GetProperty("faults").EnumerateArray()).GetProperty("target").GetString());
        // checkout's /api/pay fails while payments is down (it does not degrade gracefully) and /api/orders does not
        // call payments: both are reached by a dependency fault (weight 2 each), so the score is the plain share.
        var during = experiment.GetProperty("samples").EnumerateArray().Where(s => s.GetProperty("phase").GetString() == "during").ToList();
        Assert.All(during.Where(s => s.GetProperty("probe").GetString() == "pay"), s => Assert.False(s.GetProperty("success").GetBoolean()));
        Assert.All(during.Where(s => s.GetProperty("probe").GetString() == "orders"), s => Assert.True(s.GetProperty("success").GetBoolean()));
        var expected = Math.Round(100.0 * during.Count(s => s.GetProperty("success").GetBoolean()) / during.Count, 2);
        Assert.Equal(expected, experiment.GetProperty("result").GetProperty("resilienceScore").GetDouble());
    }

    [Fact]
    public async Task RunChaos_DependencyOutageWhileAnExperimentRunsOnTheDependency_IsRefused()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var onPayments = await ChaosCalls.RunAsync(client, """{"template": "long-slow", "target": "payments"}""", ct);
        Assert.Equal("started", onPayments.Status);

        var outage = await ChaosCalls.RunAsync(client, """{"template": "payments-down", "target": "checkout"}""", ct);

        Assert.Equal("denied", outage.Status);
        Assert.Equal($"Denied: experiment {onPayments.ExperimentId} is already running on payments; wait for it to end (get_chaos_experiment) before starting another.", outage.Message);
        Assert.Null(outage.ExperimentId);
        Assert.Equal(1, await fixture.Estate.FaultCountAsync(fixture.Estate.Payments, ct)); // long-slow's latency only
        Assert.Equal("completed", (await ChaosCalls.WaitFinishedAsync(client, onPayments.ExperimentId!, ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RunChaos_BadArguments_ErrorsSayWhatToSend()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);

        var unknown = await client.CallToolAsync("run_chaos", ToolArguments.Parse("""{"template": "meteor", "target": "checkout"}"""), cancellationToken: ct);
        var tooLong = await client.CallToolAsync("run_chaos", ToolArguments.Parse("""{"template": "slow-orders", "target": "checkout", "duration_seconds": 99999}"""), cancellationToken: ct);
        var noEndpoint = await client.CallToolAsync("run_chaos", ToolArguments.Parse("""{"template": "slow-orders", "target": "reliability-mcp"}"""), cancellationToken: ct);

        Assert.True(unknown.IsError);
        Assert.Contains("'template' must be one of broken-probe, long-slow, payments-down, slow-orders, store-outage, storm", Text(unknown), StringComparison.Ordinal);
        Assert.Contains("'duration_seconds' must be 1 to 1800", Text(tooLong), StringComparison.Ordinal);
        Assert.Contains("no chaos endpoint is configured for reliability-mcp", Text(noEndpoint), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorApi_Experiment_VisibleToApprovers()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var result = await ChaosCalls.RunAsync(client, """{"template": "broken-probe", "target": "checkout"}""", ct);
        using var approver = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        approver.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.ApproverToken);
        using var agent = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        agent.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.AgentToken);

        using var one = await approver.GetAsync(new Uri($"api/chaos/experiments/{result.ExperimentId}", UriKind.Relative), ct);
        using var list = await approver.GetAsync(new Uri("api/chaos/experiments?count=100", UriKind.Relative), ct);
        using var forbidden = await agent.GetAsync(new Uri("api/chaos/experiments", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var view = JsonDocument.Parse(await one.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal("steady_state_failed", view.GetProperty("status").GetString());
        Assert.Contains(result.ExperimentId!, await list.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task ApprovedRequestHandler_ApprovedChaosRun_StartsTheExperimentRecordingTheApprovers()
    {
        var ct = TestTimeouts.Token();
        var sut = fixture.Server.Services.GetServices<IApprovedRequestHandler>().Single(h => h.Kind == "chaos");

        var result = await sut.ExecuteAsync(Approved("appr-test-1", "slow-orders"), ct);

        Assert.True(result.Succeeded);
        Assert.Equal("completed", result.Status);
        var id = result.Result.GetProperty("experiment_id").GetString()!;
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var done = await ChaosCalls.WaitFinishedAsync(client, id, ct);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("appr-test-1", done.GetProperty("experiment").GetProperty("approvalId").GetString());
        Assert.Equal(TestTokens.ApproverPrincipal, Assert.Single(done.GetProperty("experiment").GetProperty("approvedBy").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task ApprovedRequestHandler_FaultsWouldLandOnServicesNotApproved_FailsWithoutInjecting()
    {
        var ct = TestTimeouts.Token();
        var sut = fixture.Server.Services.GetServices<IApprovedRequestHandler>().Single(h => h.Kind == "chaos");

        // Approved when checkout depended on nothing: the faults would now land on payments, which nobody judged.
        var result = await sut.ExecuteAsync(Approved("appr-test-2", "payments-down", approvedTargets: ["checkout"]), ct);

        Assert.False(result.Succeeded);
        Assert.Equal("failed", result.Status);
        Assert.StartsWith("the service graph changed since the request: the run would now touch checkout, payments, but was judged and approved for checkout",
            result.Result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Payments, ct));
    }

    [Fact]
    public async Task LiveRun_WhoseLeaseLapsed_IsTakenBackByItsServer_NotDropped()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var started = await ChaosCalls.RunAsync(client, """{"template": "long-slow", "target": "checkout"}""", ct);
        Assert.Equal("started", started.Status);
        var id = started.ExperimentId!;
        var services = fixture.Server.Services;
        var runner = services.GetRequiredService<ChaosRunner>();
        var store = services.GetRequiredService<ReliabilityMcp.Core.Chaos.IChaosExperimentStore>();

        // The lease lapses while the run is alive, as when the store or the probes are slow; the scan then claims it.
        await services.GetRequiredService<ReliabilityMcp.Redis.Connection.StoreConnection>()
            .ExecuteAsync("DEL", [$"{fixture.KeyPrefix}:{{chaos}}:exp:{id}:lease"], ct);
        await runner.MarkOrphansAsync(ct);

        // Held again by the run's own server (before, the run left the running set and a later crash went unmarked).
        Assert.True(await store.RenewLeaseAsync(id, runner.Owner, TimeSpan.FromSeconds(3), ct));
        Assert.Empty(await store.ClaimOrphansAsync(ct));
        var finished = await ChaosCalls.WaitFinishedAsync(client, id, ct);
        Assert.Equal("completed", finished.GetProperty("status").GetString());
    }

    /// <summary>
    /// A chaos approval as the approval service hands it over: the run <paramref name="template"/> on checkout, judged
    /// over <paramref name="approvedTargets"/> (default: the services the builder says it touches).
    /// </summary>
    private ApprovedRequest Approved(string approvalId, string template, IReadOnlyList<string>? approvedTargets = null)
    {
        var (request, _, targets) = fixture.Server.Services.GetRequiredService<ChaosRequestBuilder>()
            .Build(TestTokens.AgentPrincipal, template, "checkout", 2, null);
        var payload = JsonSerializer.Serialize(new ChaosApprovalPayload(request.TemplateName, request.Target, request.DurationSeconds, request.Template), ChaosApprovalPayload.Json);
        var guarded = new GuardRequest { Principal = TestTokens.AgentPrincipal, Action = ActionType.ChaosExperiment, Targets = approvedTargets ?? targets, Confidence = 1 };
        return new ApprovedRequest(approvalId, "chaos", guarded, payload, [TestTokens.ApproverPrincipal]);
    }

    private static string Text(ModelContextProtocol.Protocol.CallToolResult result) =>
        string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(t => t.Text));
}
