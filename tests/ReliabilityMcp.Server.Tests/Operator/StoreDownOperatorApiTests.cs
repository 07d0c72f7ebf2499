using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Operator;

/// <summary>
/// Issue 18, item 6, with the store unreachable (nothing listens on its port): the operator API answers 503 with a
/// problem body instead of 500, and expected tool errors reach the log without Error level or stack traces.
/// </summary>
public sealed class StoreDownOperatorApiTests : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private ServerApplicationFactory? _server;

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        _server = ServerApplicationFactory.StartOn($"127.0.0.1:{LoopbackPorts.Free()},connectTimeout=500", _logs);
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

    [Theory]
    [InlineData("api/audit")]
    [InlineData("api/audit/verify")]
    [InlineData("api/approvals")]
    [InlineData("api/approvals/apr_000000000000000000000000")]
    [InlineData("api/executions/exe_000000000000000000000000")]
    [InlineData("api/incidents")]
    [InlineData("api/chaos/experiments")]
    public async Task OperatorApi_StoreDown_Answers503WithProblem(string path)
    {
        var ct = TestTimeouts.Token();
        using var http = _server!.CreateBearerClient(TestTokens.ApproverToken);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);

        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Contains("store", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RequestPathLogs, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ToolErrors_StoreDownAndCallerMistake_LoggedBelowErrorWithoutStackTraces()
    {
        var ct = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(_server!.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);

        var storeDown = await CallAsync(client, Request("restart", "checkout", extra: """, "idempotency_key": "store-down-log" """), ct);
        var mistake = await CallAsync(client, Request("reboot", "checkout"), ct);

        Assert.True(storeDown.IsError);
        Assert.Contains("failed closed", Text(storeDown), StringComparison.Ordinal);
        Assert.True(mistake.IsError);
        Assert.DoesNotContain(RequestPathLogs, e => e.Level >= LogLevel.Error || e.Exception is not null);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("\"execute_remediation\" failed closed", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("\"execute_remediation\" answered a tool error", StringComparison.Ordinal));
    }

    /// <summary>What the request path logs (ASP.NET Core, the SDK, our tool and API layers), not background services that also see the outage.</summary>
    private IEnumerable<LogEntry> RequestPathLogs => _logs.Entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        || e.Category.StartsWith("ModelContextProtocol", StringComparison.Ordinal)
        || e.Category.StartsWith("ReliabilityMcp.Server.Http", StringComparison.Ordinal)
        || e.Category.StartsWith("ReliabilityMcp.Server.Hosting", StringComparison.Ordinal)
        || e.Category.StartsWith("ReliabilityMcp.Server.Operator", StringComparison.Ordinal));
}
