using System.Net;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Policies;

/// <summary>With the store unreachable, read-only tools degrade (and say so) while health reports the outage.</summary>
public sealed class StoreDownTests : IAsyncLifetime
{
    private ServerApplicationFactory? _server;

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        var settings = TestTokens.Configuration();
        settings["ConnectionStrings:store"] = $"127.0.0.1:{LoopbackPorts.Free()},connectTimeout=500";
        settings["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        _server = new ServerApplicationFactory(settings);
        _server.Start();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task EvaluatePolicies_StoreUnreachable_AnswersFromConfigurationWithUnknownCounterState()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(_server!.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var result = await sut.CallToolAsync(
            "evaluate_policies", ToolArguments.Parse("""{"service": "checkout", "telemetry": {"latency_p99": 900, "error_rate": 0.35}}"""),
            cancellationToken: cancellationToken);

        var evaluation = EvaluatePoliciesTests.Parse(result);
        Assert.Equal("unknown", evaluation.CounterState);
        Assert.False(string.IsNullOrWhiteSpace(evaluation.StoreProblem));
        Assert.Equal(
            ["high-latency-restart", "elevated-errors-shift", "error-spike-rollback", "latency-circuit-breaker"],
            evaluation.Matched.Select(policy => policy.Name).ToArray());
        Assert.All(evaluation.Matched, policy => Assert.Contains("state unknown", policy.Reason, StringComparison.Ordinal));
        Assert.Contains("Cooldown state unknown: the store is unreachable", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStatus_StoreUnreachable_ReportsItUnreachable()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(_server!.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var result = await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);

        var store = Assert.IsType<JsonElement>(result.StructuredContent).GetProperty("store");
        Assert.False(store.GetProperty("reachable").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(store.GetProperty("error").GetString()));
        Assert.Contains("UNREACHABLE", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_StoreUnreachable_Returns503Unhealthy()
    {
        var cancellationToken = TestTimeouts.Token();
        using var http = new HttpClient { BaseAddress = _server!.BaseAddress };

        using var response = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
