using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Store;

/// <summary>
/// Issue 18, item 5: a real Garnet started WITHOUT --lua-transaction-mode (scripts of different sessions interleave)
/// is noticed at start: state-changing tools are refused saying how to fix it, read-only tools work, /health says
/// Unhealthy, and it is logged once at Error.
/// </summary>
public sealed class UnsafeStoreTests(UnsafeGarnetFixture store) : IClassFixture<UnsafeGarnetFixture>, IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private ServerApplicationFactory? _server;

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        _server = ServerApplicationFactory.StartOn(store.ConnectionString, _logs);
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
    public async Task StateChangingTools_GarnetWithoutLuaTransactionMode_RefusedSayingHowToFix()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(_server!.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var safety = await StoreSafety.CheckedAsync(client, ct);

        var execute = await CallAsync(client, Request("restart", "checkout"), ct);
        var record = await client.CallToolAsync("record_incident", ToolArguments.Parse("""{"service": "checkout", "severity": "low", "title": "unsafe store"}"""), cancellationToken: ct);
        using var http = new HttpClient();
        using var health = await http.GetAsync(new Uri(_server.BaseAddress, "health"), ct);

        Assert.Contains("--lua-transaction-mode", safety, StringComparison.Ordinal);
        foreach (var refused in new[] { execute, record })
        {
            Assert.True(refused.IsError);
            Assert.Contains("Restart Garnet with --lua-transaction-mode", Text(refused), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var logged = Assert.Single(_logs.Entries, e => e.EventName == "StoreScriptsNotAtomic");
        Assert.Equal(LogLevel.Error, logged.Level);
    }
}

/// <summary>The same check against the test store, started with the production flags (--lua-transaction-mode).</summary>
public sealed class SafeStoreTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Fact]
    public async Task StateChangingTools_GarnetWithLuaTransactionMode_Served()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var safety = await StoreSafety.CheckedAsync(client, ct);

        var record = await client.CallToolAsync("record_incident", ToolArguments.Parse("""{"service": "checkout", "severity": "low", "title": "safe store"}"""), cancellationToken: ct);

        Assert.Equal("Garnet with --lua-transaction-mode: scripts are atomic", safety);
        Assert.NotEqual(true, record.IsError);
    }
}

/// <summary>Reads the start-up check's verdict through server_status (a read-only tool), once it has run.</summary>
internal static class StoreSafety
{
    public static async Task<string> CheckedAsync(McpClient client, CancellationToken ct)
    {
        var status = await Poll.UntilAsync(
            async c => await client.CallToolAsync("server_status", cancellationToken: c),
            s => s.IsError != true && Safety(s) != "script atomicity not checked yet", "the store safety check", ct);
        return Safety(status);
    }

    private static string Safety(CallToolResult status) =>
        Assert.IsType<JsonElement>(status.StructuredContent).GetProperty("store").GetProperty("safety").GetString()!;
}
