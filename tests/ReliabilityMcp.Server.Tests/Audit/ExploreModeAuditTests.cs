using System.Net.Http.Json;
using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Audit;

/// <summary>Reads by explore-mode principals are audited; reads by execute-mode principals are not.</summary>
public sealed class ExploreModeAuditTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private const string Arguments = """{"service": "checkout", "telemetry": {"latency_p99": 987.654321}}""";

    [Fact]
    public async Task EvaluatePolicies_ByExplorePrincipal_AppendsAReadEntryWithTheCaller()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ExplorerToken, McpClients.November2025, cancellationToken);
        var before = await ReadTotalAsync(cancellationToken);

        var result = await sut.CallToolAsync("evaluate_policies", ToolArguments.Parse(Arguments), cancellationToken: cancellationToken);

        Assert.NotEqual(true, result.IsError);
        using var operatorClient = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var page = await operatorClient.GetFromJsonAsync<JsonElement>($"api/audit?from={before + 1}&count=10", cancellationToken);
        Assert.Equal(before + 1, page.GetProperty("total").GetInt64());
        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray().ToArray());
        Assert.Equal(before + 1, entry.GetProperty("sequence").GetInt64());
        var record = entry.GetProperty("record");
        Assert.Equal(TestTokens.ExplorerPrincipal, record.GetProperty("principal").GetString());
        Assert.Equal("evaluate_policies", record.GetProperty("tool").GetString());
        Assert.Equal("read", record.GetProperty("decision").GetString());
        Assert.Matches("^[0-9a-f]{64}$", record.GetProperty("inputsDigest").GetString());
        Assert.Contains("explore-mode read of checkout: 2 matched", record.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The entry holds a digest of the telemetry, never the telemetry itself.
        // (A value that cannot turn up by chance inside the entry's hex hashes.)
        Assert.DoesNotContain("987.654321", entry.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestTokens.AgentToken)]
    [InlineData(TestTokens.ApproverToken)]
    public async Task EvaluatePolicies_ByExecutePrincipal_AppendsNothing(string token)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, token, McpClients.November2025, cancellationToken);
        var status = await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);
        Assert.Equal("execute", Assert.IsType<JsonElement>(status.StructuredContent).GetProperty("agentMode").GetString());
        var before = await ReadTotalAsync(cancellationToken);

        var result = await sut.CallToolAsync("evaluate_policies", ToolArguments.Parse(Arguments), cancellationToken: cancellationToken);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(before, await ReadTotalAsync(cancellationToken));
    }

    [Fact]
    public async Task ServerStatus_ByExplorePrincipal_ReportsExploreModeAndIsAudited()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ExplorerToken, McpClients.November2025, cancellationToken);
        var before = await ReadTotalAsync(cancellationToken);

        var status = await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);

        Assert.Equal("explore", Assert.IsType<JsonElement>(status.StructuredContent).GetProperty("agentMode").GetString());
        using var operatorClient = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var page = await operatorClient.GetFromJsonAsync<JsonElement>($"api/audit?from={before + 1}&count=10", cancellationToken);
        var record = Assert.Single(page.GetProperty("entries").EnumerateArray().ToArray()).GetProperty("record");
        Assert.Equal((TestTokens.ExplorerPrincipal, "server_status", "read"),
            (record.GetProperty("principal").GetString(), record.GetProperty("tool").GetString(), record.GetProperty("decision").GetString()));
    }

    private async Task<long> ReadTotalAsync(CancellationToken cancellationToken)
    {
        using var operatorClient = fixture.CreateHttpClient(TestTokens.AdminToken);
        var page = await operatorClient.GetFromJsonAsync<JsonElement>("api/audit?from=1&count=1", cancellationToken);
        return page.GetProperty("total").GetInt64();
    }
}
