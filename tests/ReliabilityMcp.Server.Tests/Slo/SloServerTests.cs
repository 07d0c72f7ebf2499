using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Server.Slo;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Server.Tests.Remediation;

namespace ReliabilityMcp.Server.Tests.Slo;

/// <summary>Ingestion over HTTP, <c>slo_status</c> through the SDK client, the SLO resource and operator endpoint, against the real store.</summary>
public sealed class SloServerTests(SloServerFixture fixture) : IClassFixture<SloServerFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Batch(string service, long total, long good, string? id = null) => $$"""
        {"batch_id": "{{id ?? Guid.NewGuid().ToString()}}", "events": [
          {"service": "{{service}}", "timestamp": "{{DateTimeOffset.UtcNow:O}}", "total": {{total}}, "good": {{good}}}
        ]}
        """;

    private Task<McpClient> ConnectAsync(string token, CancellationToken cancellationToken) =>
        McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, token, null, cancellationToken);

    /// <summary>Posts <paramref name="batch"/> as the telemetry sender, then connects an MCP client as the agent.</summary>
    private async Task<(HttpResponseMessage Posted, McpClient Client)> IngestThenConnectAsync(string batch, CancellationToken cancellationToken)
    {
        using var sender = fixture.CreateHttpClient(SloServerFixture.TelemetryToken);
        var posted = await sender.PostAsync("api/telemetry", Json(batch), cancellationToken);
        return (posted, await ConnectAsync(TestTokens.AgentToken, cancellationToken));
    }

    private static SloStatusResult Parse(CallToolResult result) =>
        result.StructuredContent!.Value.Deserialize<SloStatusResult>(McpJsonUtilities.DefaultOptions)!;

    [Fact]
    public async Task SloStatus_AfterIngestion_ReportsBudgetAndBurnOverMcp()
    {
        var cancellationToken = TestTimeouts.Token();
        // 0.025 % errors on a 99.95 % SLO: burn 0.5, half the budget left.
        var (posted, client) = await IngestThenConnectAsync(Batch("payments", 200_000, 199_950), cancellationToken);
        await using var _ = client;

        var result = await client.CallToolAsync("slo_status", ToolArguments.Parse("""{"service": "payments"}"""), cancellationToken: cancellationToken);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.NotEqual(true, result.IsError);
        var status = Parse(result);
        Assert.Null(status.StoreProblem);
        var slo = Assert.Single(status.Slos);
        Assert.Equal(("payments", "payments-availability", "ok"), (slo.Service, slo.Name, slo.Verdict));
        Assert.Equal(200_000, slo.TotalEvents);
        Assert.Equal(100, slo.BudgetTotalEvents, 6);
        Assert.Equal(0.5, slo.BudgetRemainingFraction, 6);
        Assert.Equal(["5m", "30m", "1h", "2h", "6h", "1d", "3d"], slo.BurnRates.Select(b => b.Window));
        Assert.All(slo.BurnRates, b => Assert.Equal(0.5, b.Rate, 6));
        Assert.All(slo.BurnRates, b => Assert.Null(b.Total)); // counts and firing rules only with detail
        Assert.Null(slo.Alerts);
        Assert.Equal(SloAlertTier.None, slo.Alert);
        Assert.Equal(28 * 24 * 0.5 / 0.5, slo.HoursToExhaustion!.Value, 6); // 28-day window, half left, burning at 0.5
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Contains("payments/payments-availability (99.95% over 28d): SLI 99.975%, 50% of its error budget left", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SloStatus_WithDetail_AddsEachWindowsCountsAndTheFiringRules()
    {
        var cancellationToken = TestTimeouts.Token();
        // 2 % errors on a 99.95 % SLO: burn 40 in every window, so both page rules fire.
        var (posted, client) = await IngestThenConnectAsync(Batch("inventory", 50_000, 49_000), cancellationToken);
        await using var _ = client;

        var compact = Parse(await client.CallToolAsync("slo_status", ToolArguments.Parse("""{"service": "inventory"}"""), cancellationToken: cancellationToken));
        var detailed = Parse(await client.CallToolAsync("slo_status", ToolArguments.Parse("""{"service": "inventory", "detail": true}"""), cancellationToken: cancellationToken));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var (brief, full) = (Assert.Single(compact.Slos), Assert.Single(detailed.Slos));
        Assert.Equal(SloAlertTier.Page, brief.Alert);
        Assert.Null(brief.Alerts);
        Assert.Equal(brief.BurnRates.Select(b => b.Rate), full.BurnRates.Select(b => b.Rate));
        Assert.All(full.BurnRates, b => Assert.Equal((50_000L, 1_000L), (b.Total, b.Bad)));
        Assert.Equal(SloAlertTier.Page, full.Alert);
        Assert.Contains(full.Alerts!, a => a is { Tier: SloAlertTier.Page, LongWindow: "1h", ShortWindow: "5m", Suppressed: false });
    }

    [Fact]
    public async Task SloStatus_AfterGuardedDecisions_ReportsTheAgentsOwnSlis()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await ConnectAsync(TestTokens.AgentToken, cancellationToken);
        var before = Parse(await client.CallToolAsync("slo_status", ToolArguments.Parse("{}"), cancellationToken: cancellationToken));

        // Two guarded decisions by the agent (advisory mode: what-if plans, nothing runs).
        await RemediationCalls.ExecuteAsync(client, RemediationCalls.Request("restart", "inventory"), cancellationToken);
        await RemediationCalls.ExecuteAsync(client, RemediationCalls.Request("scale_out", "inventory"), cancellationToken);
        var after = Parse(await client.CallToolAsync("slo_status", ToolArguments.Parse("{}"), cancellationToken: cancellationToken));

        long Requests(SloStatusResult r, string principal) => r.Agents.SingleOrDefault(a => a.Principal == principal)?.Requests ?? 0;
        Assert.Equal(7, after.AgentWindowDays);
        Assert.Equal(Requests(before, TestTokens.AgentPrincipal) + 2, Requests(after, TestTokens.AgentPrincipal));
        Assert.Equal(after.Agents.Where(a => a.Principal != "*").Sum(a => a.Requests), Requests(after, "*"));
        Assert.Equal(1.0, Assert.Single(after.Agents, a => a.Principal == TestTokens.AgentPrincipal).ModeAdherence);
    }

    [Fact]
    public async Task PostTelemetry_SameBatchTwice_CountsOnce()
    {
        var cancellationToken = TestTimeouts.Token();
        using var sender = fixture.CreateHttpClient(SloServerFixture.TelemetryToken);
        var body = Batch("checkout", 1500, 1500, id: $"dup-{Guid.NewGuid():N}");

        var first = await (await sender.PostAsync("api/telemetry", Json(body), cancellationToken)).Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var second = await (await sender.PostAsync("api/telemetry", Json(body), cancellationToken)).Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        using var approver = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var state = await approver.GetFromJsonAsync<JsonElement>("api/slos?service=checkout", cancellationToken);

        Assert.True(first.GetProperty("accepted").GetBoolean());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        var availability = state.GetProperty("slos").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "checkout-availability");
        Assert.Equal(1500, availability.GetProperty("totalEvents").GetInt64());
        Assert.Equal("ok", availability.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(TestTokens.AgentToken, HttpStatusCode.Forbidden)]
    [InlineData(TestTokens.ApproverToken, HttpStatusCode.Forbidden)]
    [InlineData(TestTokens.AdminToken, HttpStatusCode.OK)]
    [InlineData(SloServerFixture.TelemetryToken, HttpStatusCode.OK)]
    public async Task PostTelemetry_ByRole_OnlyTelemetryAndAdmin(string? token, HttpStatusCode expected)
    {
        using var client = fixture.CreateHttpClient(token);

        var response = await client.PostAsync("api/telemetry", Json(Batch("search-unknown", 1, 1)), TestTimeouts.Token());

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Mcp_WithATelemetryToken_IsForbidden()
    {
        using var client = fixture.CreateHttpClient(SloServerFixture.TelemetryToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await client.SendAsync(request, TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"batch_id": "x1", "events": [{"service": "checkout", "timestamp": "2026-01-01T00:00:00Z", "total": 10, "good": 11}]}""", "events[0].good")]
    [InlineData("""{"batch_id": "x2", "events": []}""", "events must hold 1 to")]
    [InlineData("""{"batch_id": "x3", "events": [{"service": "checkout", "timestamp": "2026-01-01T00:00:00Z", "totl": 10}]}""", "not a telemetry batch")]
    [InlineData("""{"batch_id": "x4", "events": [""", "not a telemetry batch")]
    public async Task PostTelemetry_Invalid_400NamingTheProblemAndNothingStored(string body, string expected)
    {
        using var client = fixture.CreateHttpClient(SloServerFixture.TelemetryToken);

        var response = await client.PostAsync("api/telemetry", Json(body), TestTimeouts.Token());
        var problem = await response.Content.ReadAsStringAsync(TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestTokens.ApproverToken, HttpStatusCode.OK)]
    [InlineData(TestTokens.AgentToken, HttpStatusCode.Forbidden)]
    [InlineData(SloServerFixture.TelemetryToken, HttpStatusCode.Forbidden)]
    public async Task GetSlos_ByRole_ApproverAndAdminOnly(string token, HttpStatusCode expected)
    {
        using var client = fixture.CreateHttpClient(token);

        var response = await client.GetAsync("api/slos", TestTimeouts.Token());

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task ReadResource_Slos_ListsTheDefinitions()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var resource = await client.ReadResourceAsync("reliability://slos", cancellationToken: cancellationToken);

        var text = Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents)).Text;
        Assert.Contains("checkout-availability", text, StringComparison.Ordinal);
        Assert.Contains("latencyThresholdMs", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SloStatus_BadServiceName_IsAToolErrorSayingWhatToSend()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await client.CallToolAsync("slo_status", ToolArguments.Parse("""{"service": "Not A Service"}"""), cancellationToken: cancellationToken);

        Assert.True(result.IsError);
        Assert.Contains("must match", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }
}
