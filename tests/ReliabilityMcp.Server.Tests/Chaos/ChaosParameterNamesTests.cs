using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>Issue 17: run_chaos's overrides are the snake_case names docs/chaos.md gives, and they reach the plan.</summary>
public sealed class ChaosParameterNamesTests(ChaosServerFixture fixture) : IClassFixture<ChaosServerFixture>
{
    [Fact]
    public async Task RunChaos_SnakeCaseOverrides_ReachThePlan()
    {
        var cancellationToken = TestTimeouts.Token();
        // approver-bob is in advisory mode here: the answer is the plan and nothing is injected.
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ApproverToken, McpClients.November2025, cancellationToken);

        var sut = await ChaosCalls.RunAsync(client,
            """{"template": "slow-orders", "target": "checkout", "parameters": {"latency_ms": 777, "jitter_ms": 33}}""", cancellationToken);

        Assert.Equal("what_if", sut.Status);
        Assert.Contains(sut.Plan.Faults, fault => fault.Contains("latency 777 ms (+33 ms jitter)", StringComparison.Ordinal));
    }
}
