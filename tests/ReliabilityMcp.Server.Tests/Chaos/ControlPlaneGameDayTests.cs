using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>A control-plane game day: the server's own store pipeline goes "down", state changes fail closed, then recover.</summary>
public sealed class ControlPlaneGameDayTests(ChaosServerFixture fixture) : IClassFixture<ChaosServerFixture>
{
    [Fact]
    public async Task RunChaos_StoreOutage_StateChangesFailClosedWhileOnAndWorkAfter()
    {
        var ct = TestTimeouts.Token();
        await using var agent = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        await using var advisory = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ApproverToken, McpClients.November2025, ct);

        var gameDay = await ChaosCalls.RunAsync(agent, """{"template": "store-outage", "target": "control-plane"}""", ct);
        Assert.Equal("started", gameDay.Status);

        // While the outage is on, the guard cannot read its counters or write the audit: it must deny.
        var during = await ChaosCalls.RunAsync(agent, """{"template": "slow-orders", "target": "checkout"}""", ct);
        var duringAdvisory = await ChaosCalls.RunAsync(advisory, """{"template": "slow-orders", "target": "checkout"}""", ct);
        var midway = await ChaosCalls.GetAsync(agent, gameDay.ExperimentId!, ct);

        Assert.Equal("injecting", midway.GetProperty("status").GetString()); // the run itself still records its progress
        Assert.Equal("denied", during.Status);
        Assert.Contains(during.Checks, c => c.Name == "audit" || c.Detail.Contains("store is unreachable", StringComparison.Ordinal));
        Assert.Equal("denied", duringAdvisory.Status);
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Checkout, ct));

        var done = await ChaosCalls.WaitFinishedAsync(agent, gameDay.ExperimentId!, ct);
        var after = await ChaosCalls.RunAsync(advisory, """{"template": "slow-orders", "target": "checkout"}""", ct);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var result = done.GetProperty("experiment").GetProperty("result");
        Assert.Equal(0, result.GetProperty("resilienceScore").GetDouble());     // the store probe failed throughout the outage
        Assert.Equal(1, result.GetProperty("successRatioBefore").GetDouble());
        Assert.True(result.GetProperty("recoverySeconds").ValueKind == System.Text.Json.JsonValueKind.Number, "the store never answered again");
        Assert.Equal("what_if", after.Status);
    }
}
