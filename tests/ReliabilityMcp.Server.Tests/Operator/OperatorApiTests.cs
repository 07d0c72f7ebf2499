using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Operator;

/// <summary>The operator HTTP API: approver and admin tokens only, paged audit reads, chain verification, configuration.</summary>
public sealed class OperatorApiTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    public static TheoryData<string> Paths { get; } = ["api/me", "api/audit", "api/audit/verify", "api/configuration"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_WithoutToken_Returns401(string path)
    {
        using var client = fixture.CreateHttpClient(token: null);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_WithAgentToken_Returns403(string path)
    {
        using var client = fixture.CreateHttpClient(TestTokens.AgentToken);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithUnknownToken_Returns401()
    {
        using var client = fixture.CreateHttpClient("not-a-configured-token");

        using var response = await client.GetAsync(new Uri("api/audit", UriKind.Relative), TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(TestTokens.ApproverToken, "api/audit")]
    [InlineData(TestTokens.ApproverToken, "api/audit/verify")]
    [InlineData(TestTokens.ApproverToken, "api/configuration")]
    [InlineData(TestTokens.AdminToken, "api/audit")]
    [InlineData(TestTokens.AdminToken, "api/audit/verify")]
    [InlineData(TestTokens.AdminToken, "api/configuration")]
    public async Task Get_WithApproverOrAdminToken_Returns200Json(string token, string path)
    {
        using var client = fixture.CreateHttpClient(token);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetAudit_Paging_WalksTheChainWithNext()
    {
        var cancellationToken = TestTimeouts.Token();
        await AuditedReadsAsync(3, cancellationToken);
        using var client = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var total = (await client.GetFromJsonAsync<JsonElement>("api/audit?count=1", cancellationToken)).GetProperty("total").GetInt64();
        Assert.True(total >= 3);

        var middle = await client.GetFromJsonAsync<JsonElement>($"api/audit?from={total - 2}&count=2", cancellationToken);
        var last = await client.GetFromJsonAsync<JsonElement>($"api/audit?from={middle.GetProperty("next").GetInt64()}&count=2", cancellationToken);
        var beyond = await client.GetFromJsonAsync<JsonElement>($"api/audit?from={total + 1}&count=2", cancellationToken);

        Assert.Equal(total - 2, middle.GetProperty("from").GetInt64());
        Assert.Equal([total - 2, total - 1], Sequences(middle));
        Assert.Equal(total, middle.GetProperty("next").GetInt64());
        Assert.Equal([total], Sequences(last));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Empty(Sequences(beyond));
        Assert.Equal(JsonValueKind.Null, beyond.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("api/audit?count=0", "'count' must be between 1 and 1000.")]
    [InlineData("api/audit?count=5000", "'count' must be between 1 and 1000.")]
    [InlineData("api/audit?from=0", "'from' is a 1-based sequence number: use 1 or more.")]
    [InlineData("api/audit?from=-3&count=10", "'from' is a 1-based sequence number: use 1 or more.")]
    public async Task GetAudit_OutOfRange_Returns400ProblemSayingWhatToSend(string path, string detail)
    {
        var cancellationToken = TestTimeouts.Token();
        using var client = fixture.CreateHttpClient(TestTokens.ApproverToken);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetAudit_NotANumber_Returns400()
    {
        using var client = fixture.CreateHttpClient(TestTokens.ApproverToken);

        using var response = await client.GetAsync(new Uri("api/audit?from=first", UriKind.Relative), TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetVerify_AfterAuditedCalls_ReportsAValidChain()
    {
        var cancellationToken = TestTimeouts.Token();
        await AuditedReadsAsync(3, cancellationToken);
        using var client = fixture.CreateHttpClient(TestTokens.AdminToken);

        var verification = await client.GetFromJsonAsync<JsonElement>("api/audit/verify", cancellationToken);
        var total = (await client.GetFromJsonAsync<JsonElement>("api/audit?count=1", cancellationToken)).GetProperty("total").GetInt64();

        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.True(total >= 3);
        Assert.Equal(total, verification.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(JsonValueKind.Null, verification.GetProperty("firstBrokenSequence").ValueKind);
    }

    [Fact]
    public async Task GetConfiguration_Always_ReturnsTheFileInForceWithoutErrors()
    {
        var cancellationToken = TestTimeouts.Token();
        using var client = fixture.CreateHttpClient(TestTokens.ApproverToken);

        var configuration = await client.GetFromJsonAsync<JsonElement>("api/configuration", cancellationToken);

        Assert.EndsWith("reliability.yaml", configuration.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, configuration.GetProperty("version").GetInt32());
        Assert.Empty(configuration.GetProperty("lastReloadErrors").EnumerateArray());
        Assert.Equal(6, configuration.GetProperty("configuration").GetProperty("policies").GetArrayLength());
    }

    private static long[] Sequences(JsonElement page)
        => [.. page.GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("sequence").GetInt64())];

    private async Task AuditedReadsAsync(int count, CancellationToken cancellationToken)
    {
        await using var explorer = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ExplorerToken, McpClients.November2025, cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var result = await explorer.CallToolAsync(
                "evaluate_policies", ToolArguments.Parse("""{"service": "payments", "telemetry": {"cpu_util": 0.95, "memory_util": 0.95}}"""), cancellationToken: cancellationToken);
            Assert.NotEqual(true, result.IsError);
        }
    }
}
