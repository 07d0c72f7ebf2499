using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Guardrails;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Server.Policies;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Policies;

/// <summary><c>evaluate_policies</c> through the SDK client over HTTP, against the shipped policies and the real store.</summary>
public sealed class EvaluatePoliciesTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private static readonly string[] PolicyNames =
        ["high-latency-restart", "error-spike-rollback", "elevated-errors-shift", "saturation-scale-out", "latency-circuit-breaker", "error-storm-restart"];

    [Fact]
    public async Task CallTool_LatencyAndErrorSpike_ReturnsMatchesInPriorityOrderWithActions()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.CallToolAsync(
            "evaluate_policies", ToolArguments.Parse("""{"service": "checkout", "telemetry": {"latency_p99": 900, "error_rate": 0.35}}"""),
            cancellationToken: cancellationToken);

        Assert.NotEqual(true, result.IsError);
        var evaluation = Parse(result);
        Assert.Equal("checkout", evaluation.Service);
        Assert.True(evaluation.KnownService);
        Assert.Equal("known", evaluation.CounterState);
        Assert.Null(evaluation.StoreProblem);
        // Priority 1 first, ties by name.
        Assert.Equal(
            ["high-latency-restart", "elevated-errors-shift", "error-spike-rollback", "latency-circuit-breaker"],
            evaluation.Matched.Select(policy => policy.Name).ToArray());
        Assert.Equal([1, 2, 2, 3], evaluation.Matched.Select(policy => policy.Priority).ToArray());
        Assert.All(evaluation.Matched, policy => Assert.Equal(PolicyStatus.Matched, policy.Status));
        Assert.Equal([ActionType.Restart, ActionType.AlertTeam], evaluation.Matched[0].Actions);
        Assert.Equal([ActionType.TrafficShift], evaluation.Matched[1].Actions);
        Assert.Equal([ActionType.Rollback, ActionType.CircuitBreaker, ActionType.AlertTeam], evaluation.Matched[2].Actions);
        Assert.Equal([ActionType.CircuitBreaker], evaluation.Matched[3].Actions);
        Assert.Equal(["error-storm-restart", "saturation-scale-out"], evaluation.Others.Select(policy => policy.Name).Order(StringComparer.Ordinal));
        Assert.Contains("error_rate = 0.35 does not satisfy > 0.5", evaluation.Others.Single(policy => policy.Name == "error-storm-restart").Reason, StringComparison.Ordinal);
        var saturation = evaluation.Others.Single(policy => policy.Name == "saturation-scale-out");
        Assert.Equal("saturation-scale-out", saturation.Name);
        Assert.Equal(PolicyStatus.NotMatched, saturation.Status);
        Assert.Contains("cpu_util missing from telemetry", saturation.Reason, StringComparison.Ordinal);
        Assert.Contains("memory_util missing from telemetry", saturation.Reason, StringComparison.Ordinal);
        // Compact by default: a policy that did not match carries its reason, not its conditions and counters;
        // a matched one carries both.
        Assert.All(evaluation.Others, policy => Assert.Equal((null, null, null), (policy.Conditions, policy.CooldownSeconds, policy.MaxExecutionsPerHour)));
        Assert.All(evaluation.Matched, policy => Assert.NotEmpty(policy.Conditions!));
        Assert.Equal((300, 0, 5), (evaluation.Matched[0].CooldownSeconds, evaluation.Matched[0].ExecutionsLastHour, evaluation.Matched[0].MaxExecutionsPerHour));
        Assert.Equal((900, 400), (evaluation.Matched[0].Conditions![0].Actual, evaluation.Matched[0].Conditions![0].Margin));

        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Contains("4 policies match for checkout", text, StringComparison.Ordinal);
        Assert.All(evaluation.Matched, policy => Assert.Contains(policy.Name, text, StringComparison.Ordinal));
        Assert.Contains("rollback, circuit_breaker, alert_team", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_ConditionsMissed_OthersSayWhichConditionFailedAndByHowMuch()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.CallToolAsync(
            "evaluate_policies",
            ToolArguments.Parse("""{"service": "inventory", "telemetry": {"latency_p99": 420, "error_rate": 0.1, "cpu_util": 0.95, "memory_util": 0.6}, "detail": true}"""),
            cancellationToken: cancellationToken);

        var evaluation = Parse(result);
        Assert.Equal(["latency-circuit-breaker"], evaluation.Matched.Select(policy => policy.Name).ToArray());
        var others = evaluation.Others.ToDictionary(policy => policy.Name);
        Assert.Equal(PolicyNames.Except(["latency-circuit-breaker"]).Order(), others.Keys.Order());
        Assert.All(others.Values, policy => Assert.Equal(PolicyStatus.NotMatched, policy.Status));
        Assert.Contains("latency_p99 = 420 does not satisfy > 500 (off by 80)", others["high-latency-restart"].Reason, StringComparison.Ordinal);
        Assert.Contains("error_rate = 0.1 does not satisfy > 0.3 (off by 0.2)", others["error-spike-rollback"].Reason, StringComparison.Ordinal);
        Assert.Contains("error_rate = 0.1 does not satisfy > 0.15 (off by 0.05)", others["elevated-errors-shift"].Reason, StringComparison.Ordinal);
        Assert.Equal(-80, Assert.Single(others["high-latency-restart"].Conditions!).Margin!.Value, precision: 9);
        Assert.Equal(-0.05, Assert.Single(others["elevated-errors-shift"].Conditions!).Margin); // rounded, not -0.049999999999999989
        Assert.All(others.Values, policy => Assert.NotNull(policy.MaxExecutionsPerHour)); // detail: counters for every policy
        // Of an AND, only the failing condition is blamed; the one that held is reported as held.
        var saturation = others["saturation-scale-out"];
        Assert.Contains("memory_util = 0.6 does not satisfy > 0.9 (off by 0.3)", saturation.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("cpu_util", saturation.Reason, StringComparison.Ordinal);
        Assert.Equal([true, false], saturation.Conditions!.Select(condition => condition.Satisfied).ToArray());
        Assert.Equal(0.05, saturation.Conditions![0].Margin!.Value, precision: 9);
        Assert.Equal(-0.3, saturation.Conditions![1].Margin!.Value, precision: 9);
    }

    [Fact]
    public async Task CallTool_ServiceOutsideTheGraph_StillEvaluatesAndSaysSo()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.CallToolAsync(
            "evaluate_policies", ToolArguments.Parse("""{"service": "search", "telemetry": {"error_rate": 0.2}}"""), cancellationToken: cancellationToken);

        var evaluation = Parse(result);
        Assert.False(evaluation.KnownService);
        Assert.Equal(["elevated-errors-shift"], evaluation.Matched.Select(policy => policy.Name).ToArray());
        Assert.Contains("search is not in the configured service graph", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTools_Always_AnnouncesEvaluatePoliciesAsReadOnlyWithSchemas()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var tools = await sut.ListToolsAsync(cancellationToken: cancellationToken);

        var tool = Assert.Single(tools, candidate => candidate.Name == "evaluate_policies").ProtocolTool;
        Assert.True(tool.Annotations?.ReadOnlyHint);
        Assert.True(tool.Annotations?.IdempotentHint);
        Assert.False(tool.Annotations?.DestructiveHint);
        Assert.NotNull(tool.OutputSchema);
        var required = tool.InputSchema.GetProperty("required").EnumerateArray().Select(name => name.GetString()).ToArray();
        Assert.Equal(new string?[] { "service", "telemetry" }, required.Order().ToArray());
    }

    [Fact]
    public async Task CallTool_Repeatedly_NeverSpendsACooldownButReportsOneSpentByAnExecution()
    {
        // "payments" is this test's own service, so the other tests of the class never see the spent cooldown.
        const string arguments = """{"service": "payments", "telemetry": {"latency_p99": 900}}""";
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);
        await using var store = StoreConnection.Create(TestStore.ConnectionString);
        var counters = new RedisGuardCounterStore(store, new StoreKeys(fixture.KeyPrefix));
        var policies = PolicyNames.Select(name => new HealingPolicy { Name = name }).ToArray();

        var first = Parse(await sut.CallToolAsync("evaluate_policies", ToolArguments.Parse(arguments), cancellationToken: cancellationToken));
        var second = Parse(await sut.CallToolAsync("evaluate_policies", ToolArguments.Parse(arguments), cancellationToken: cancellationToken));

        Assert.Equal(["high-latency-restart", "latency-circuit-breaker"], first.Matched.Select(policy => policy.Name).ToArray());
        Assert.Equal(first.Matched.Select(Summary), second.Matched.Select(Summary));
        Assert.Equal(first.Others.Select(Summary), second.Others.Select(Summary));
        Assert.All(second.Matched, policy => Assert.Equal(0, policy.ExecutionsLastHour));
        var untouched = await counters.ReadPoliciesAsync(policies, "payments", DateTimeOffset.UtcNow, cancellationToken);
        Assert.All(untouched.Values, counter => Assert.Equal((0, (DateTimeOffset?)null), (counter.Count, counter.CooldownUntil)));

        // An execution (what execute_remediation will do) spends the policy's cooldown in the same store.
        var spentAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var spend = await counters.TrySpendAsync(
            new CounterScope
            {
                Keys = [new CounterKey("policy:high-latency-restart", 300, 5)],
                Targets = ["payments"],
                Principal = TestTokens.ApproverPrincipal,
                Action = ActionType.Restart,
                PrincipalLimit = new RateLimit(),
                AutonomousWindow = TimeSpan.FromHours(1),
            },
            $"exec-{Guid.NewGuid():N}",
            spentAt,
            cancellationToken);
        Assert.True(spend.Spent, spend.Refusal);

        var cooling = await sut.CallToolAsync("evaluate_policies", ToolArguments.Parse(arguments), cancellationToken: cancellationToken);
        var again = Parse(await sut.CallToolAsync("evaluate_policies", ToolArguments.Parse(arguments), cancellationToken: cancellationToken));

        var evaluation = Parse(cooling);
        Assert.Equal(["latency-circuit-breaker"], evaluation.Matched.Select(policy => policy.Name).ToArray());
        var restart = Assert.Single(evaluation.Others, policy => policy.Name == "high-latency-restart");
        Assert.Equal(PolicyStatus.CoolingDown, restart.Status);
        Assert.Equal(spentAt.AddSeconds(300), restart.AvailableAt);
        Assert.Equal(1, restart.ExecutionsLastHour);
        Assert.NotNull(restart.Conditions); // held back: the full view
        Assert.Contains("Held back: high-latency-restart until", Assert.IsType<TextContentBlock>(Assert.Single(cooling.Content)).Text, StringComparison.Ordinal);
        Assert.Equal(evaluation.Others.Select(Summary), again.Others.Select(Summary));
        var after = await counters.ReadPoliciesAsync(policies, "payments", DateTimeOffset.UtcNow, cancellationToken);
        Assert.Equal(1, after["high-latency-restart"].Count);
        Assert.Equal(spentAt.AddSeconds(300), after["high-latency-restart"].CooldownUntil);
        Assert.All(after.Where(pair => pair.Key != "high-latency-restart"), pair => Assert.Equal(0, pair.Value.Count));
    }

    private Task<McpClient> ConnectAsync(string token, CancellationToken cancellationToken)
        => McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, token, McpClients.November2025, cancellationToken);

    private static string Summary(PolicyView policy) => $"{policy.Name}|{policy.Status}|{policy.Reason}|{policy.AvailableAt:O}|{policy.ExecutionsLastHour}";

    internal static EvaluatePoliciesResult Parse(CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        return structured.Deserialize<EvaluatePoliciesResult>(McpJsonUtilities.DefaultOptions)
            ?? throw new InvalidOperationException("The structured content is null.");
    }
}
