using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Server.Audit;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Audit;

/// <summary>
/// Issue 17: calls refused for their arguments, and requests refused with 401 or 403, leave an audit entry with the
/// principal where known, the tool or request, and the reason; a flood of refusals is rate-limited and summarised.
/// </summary>
public sealed class RefusedCallAuditTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Theory]
    [InlineData("""{"service": "checkout", "bogus": 1}""", "evaluate_policies", "'bogus'")]
    [InlineData("""{}""", "get_chaos_experiment", "missing required argument(s): 'experiment_id'")]
    [InlineData("""{"experiment_id": "not-an-id"}""", "get_chaos_experiment", "experiment_id")]
    public async Task ToolCall_RefusedForItsArguments_IsAuditedWithPrincipalToolAndReason(string arguments, string tool, string reason)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);
        var before = await ReadTotalAsync(cancellationToken);

        var result = await client.CallToolAsync(tool, ToolArguments.Parse(arguments), cancellationToken: cancellationToken);

        Assert.True(result.IsError);
        var record = await SingleNewRecordAsync(before, cancellationToken);
        Assert.Equal((TestTokens.AgentPrincipal, tool, RefusalAuditor.Refused), Fields(record));
        Assert.Contains(reason, record.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutValidToken_IsAuditedAs401WithTheCallersAddress()
    {
        var cancellationToken = TestTimeouts.Token();
        var before = await ReadTotalAsync(cancellationToken);
        using var http = fixture.CreateHttpClient("not-a-configured-token");
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");

        using var response = await http.SendAsync(request, cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var record = await SingleNewRecordAsync(before, cancellationToken);
        Assert.Equal(("unauthenticated@127.0.0.1", "POST /mcp", RefusalAuditor.Refused), Fields(record));
        Assert.StartsWith("401: ", record.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorApi_CalledByAnAgent_IsAuditedAs403WithThePrincipal()
    {
        var cancellationToken = TestTimeouts.Token();
        var before = await ReadTotalAsync(cancellationToken);
        using var http = fixture.CreateHttpClient(TestTokens.AgentToken);

        using var response = await http.GetAsync(new Uri("api/audit?from=1&count=1", UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var record = await SingleNewRecordAsync(before, cancellationToken);
        Assert.Equal((TestTokens.AgentPrincipal, "GET /api/audit", RefusalAuditor.Refused), Fields(record));
        Assert.StartsWith("403: ", record.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_FloodBeyondTheBucket_AreCountedAndSummarisedOnTheNextAuditedOne()
    {
        var cancellationToken = TestTimeouts.Token();
        var trail = fixture.Server.Services.GetRequiredService<IAuditTrail>();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero));
        var sut = new RefusalAuditor(trail, Options.Create(new RefusalAuditOptions { Burst = 3, PerMinute = 1 }), clock, NullLogger<RefusalAuditor>.Instance);
        var caller = PrincipalFor($"flooder-{Guid.NewGuid():N}");
        var before = await trail.CountAsync(cancellationToken);

        for (var i = 0; i < 50; i++)
        {
            await sut.RecordToolCallAsync(caller, "run_chaos", null, $"refusal {i}", cancellationToken);
        }

        Assert.Equal(before + 3, await trail.CountAsync(cancellationToken));
        clock.Now += TimeSpan.FromMinutes(1);
        await sut.RecordToolCallAsync(caller, "run_chaos", null, "refusal after a minute", cancellationToken);

        var entries = await trail.ReadAsync(before + 1, 10, cancellationToken);
        Assert.Equal(["refusal 0", "refusal 1", "refusal 2", "47 refused call(s)", "refusal after a minute"],
            entries.Select(e => e.Record.Detail.Split(" by ")[0]));
        Assert.Equal(RefusalAuditor.RefusedUnaudited, entries[3].Record.Decision);
        Assert.Contains("since 2026-12-07T20:00:00", entries[3].Record.Detail, StringComparison.Ordinal);
    }

    private static System.Security.Claims.ClaimsPrincipal PrincipalFor(string name) =>
        Core.Security.PrincipalClaims.ToClaimsPrincipal(new Core.Security.Principal(name, new HashSet<Core.Security.PrincipalRole> { Core.Security.PrincipalRole.Agent }), "test");

    private static (string?, string?, string?) Fields(JsonElement record) =>
        (record.GetProperty("principal").GetString(), record.GetProperty("tool").GetString(), record.GetProperty("decision").GetString());

    private async Task<JsonElement> SingleNewRecordAsync(long before, CancellationToken cancellationToken)
    {
        using var operatorClient = fixture.CreateHttpClient(TestTokens.AdminToken);
        var page = await operatorClient.GetFromJsonAsync<JsonElement>($"api/audit?from={before + 1}&count=10", cancellationToken);
        return Assert.Single(page.GetProperty("entries").EnumerateArray().ToArray()).GetProperty("record");
    }

    private async Task<long> ReadTotalAsync(CancellationToken cancellationToken)
    {
        using var operatorClient = fixture.CreateHttpClient(TestTokens.AdminToken);
        var page = await operatorClient.GetFromJsonAsync<JsonElement>("api/audit?from=1&count=1", cancellationToken);
        return page.GetProperty("total").GetInt64();
    }
}
