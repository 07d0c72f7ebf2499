using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>With the store unreachable, remediation and approvals fail closed with a clear answer.</summary>
public sealed class RemediationStoreDownTests : IAsyncLifetime
{
    private ServerApplicationFactory? _server;

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        var settings = TestTokens.Configuration();
        settings["ConnectionStrings:store"] = $"127.0.0.1:{LoopbackPorts.Free()},connectTimeout=500";
        settings["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        settings["Reliability:StoreBudgetMilliseconds"] = "1500";
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
    public async Task Execute_StoreUnreachable_DeniedNamingTheStore()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(_server!.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var sut = await ExecuteAsync(client, Request("restart", "checkout"), cancellationToken);

        Assert.Equal("denied", sut.Status);
        Assert.Contains(sut.Checks, c => c.Detail.Contains("store is unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_StoreUnreachableWithIdempotencyKey_ToolErrorSaysNothingWasDone()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(_server!.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var result = await CallAsync(client, Request("restart", "checkout", extra: """, "idempotency_key": "store-down-1" """), cancellationToken);

        Assert.True(result.IsError);
        Assert.Contains("failed closed: nothing was approved or executed", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveRequest_StoreUnreachable_ToolErrorSaysNothingWasDone()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(_server!.McpEndpoint, TestTokens.ApproverToken, McpClients.November2025, cancellationToken);

        var result = await client.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = "apr_000000000000000000000000", ["approve"] = true, ["comment"] = "ok" }, cancellationToken: cancellationToken);

        Assert.True(result.IsError);
        Assert.Contains("failed closed", Text(result), StringComparison.Ordinal);
    }
}
