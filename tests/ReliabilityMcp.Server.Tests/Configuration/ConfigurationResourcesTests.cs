using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Configuration;

/// <summary>The configuration in force as MCP resources, read with the SDK client.</summary>
public sealed class ConfigurationResourcesTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Fact]
    public async Task ListResources_Always_IncludesPoliciesGuardAndAuditTrail()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(cancellationToken);

        var resources = await sut.ListResourcesAsync(cancellationToken: cancellationToken);

        var uris = resources.Select(resource => resource.Uri).ToArray();
        Assert.Contains("reliability://policies", uris);
        Assert.Contains("reliability://guard", uris);
        Assert.Contains("audit://trail", uris);
        Assert.All(resources, resource => Assert.Equal("application/json", resource.ProtocolResource.MimeType));
    }

    [Fact]
    public async Task ReadPolicies_Always_ReturnsThePoliciesInForce()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(cancellationToken);

        using var document = await ReadJsonAsync(sut, "reliability://policies", cancellationToken);

        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        var policies = root.GetProperty("policies").EnumerateArray().ToArray();
        Assert.Equal(
            ["high-latency-restart", "error-spike-rollback", "elevated-errors-shift", "saturation-scale-out", "latency-circuit-breaker", "error-storm-restart"],
            policies.Select(policy => policy.GetProperty("name").GetString()!).ToArray());
        var restart = policies[0];
        Assert.Equal(1, restart.GetProperty("priority").GetInt32());
        Assert.Equal(300, restart.GetProperty("cooldownSeconds").GetInt32());
        Assert.Equal(5, restart.GetProperty("maxExecutionsPerHour").GetInt32());
        Assert.Equal(["restart", "alert_team"], restart.GetProperty("actions").EnumerateArray().Select(action => action.GetString()!).ToArray());
        var condition = Assert.Single(restart.GetProperty("conditions").EnumerateArray().ToArray());
        Assert.Equal("latency_p99", condition.GetProperty("metric").GetString());
        Assert.Equal("gt", condition.GetProperty("operator").GetString());
        Assert.Equal(500, condition.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task ReadGuard_Always_ReturnsServiceGraphActionsAndGuardSettings()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(cancellationToken);

        using var document = await ReadJsonAsync(sut, "reliability://guard", cancellationToken);

        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        var services = root.GetProperty("services");
        Assert.Equal(["checkout", "inventory", "payments"], services.EnumerateObject().Select(service => service.Name).Order().ToArray());
        Assert.Equal(3, services.GetProperty("checkout").GetProperty("replicas").GetInt32());
        Assert.Equal(["payments", "inventory"], services.GetProperty("checkout").GetProperty("dependsOn").EnumerateArray().Select(s => s.GetString()!).ToArray());
        var actions = root.GetProperty("actions");
        Assert.True(actions.GetProperty("custom").GetProperty("blacklisted").GetBoolean());
        Assert.False(actions.GetProperty("failover").GetProperty("reversible").GetBoolean());
        var guard = root.GetProperty("guard");
        Assert.Equal("advisory", guard.GetProperty("defaultMode").GetString());
        Assert.Equal("explore", guard.GetProperty("principals").GetProperty(TestTokens.ExplorerPrincipal).GetProperty("mode").GetString());
        Assert.Equal(5, guard.GetProperty("blastRadius").GetProperty("maxServices").GetInt32());
    }

    private Task<McpClient> ConnectAsync(CancellationToken cancellationToken)
        => McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

    private static async Task<JsonDocument> ReadJsonAsync(McpClient client, string uri, CancellationToken cancellationToken)
    {
        var result = await client.ReadResourceAsync(uri, cancellationToken: cancellationToken);
        var contents = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal(uri, contents.Uri);
        Assert.Equal("application/json", contents.MimeType);
        return JsonDocument.Parse(contents.Text);
    }
}
