using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ReliabilityMcp.Server.Tests.Incidents;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Console;

/// <summary>GET /api/incidents(/{id}) and the console's incidents view in a real browser against what they return.</summary>
public sealed class IncidentsViewTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private const string HostileTitle = "ledger WAL disk full <img src=x onerror=\"window.__pwned = 1\"><script>window.__pwned = 2</script>";
    private const string HostileLessons = "Alert on disk at 80% <b>bold</b><img src=y onerror=\"window.__pwned = 3\">";

    [Fact]
    public async Task IncidentsView_ListDetailAndSearch_ShowWhatTheApiReturnsWithTextAsText()
    {
        var cancellationToken = TestTimeouts.Token();
        var id = await RecordWithOutcomeAsync(cancellationToken);
        using var operatorApi = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var recent = await operatorApi.GetFromJsonAsync<JsonElement>("api/incidents", cancellationToken);
        var similar = await operatorApi.GetFromJsonAsync<JsonElement>("api/incidents?service=ledger&q=inserts%20failing%20no%20space%20left%20on%20device", cancellationToken);
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);
        await page.ClickAsync("nav a[data-view=incidents]");

        // Recent: newest first, one row per listed incident, free text as text.
        Assert.Equal("recent", recent.GetProperty("mode").GetString());
        var listed = recent.GetProperty("incidents").EnumerateArray().ToList();
        Assert.Equal(id, listed[0].GetProperty("incident").GetProperty("id").GetString());
        await Assertions.Expect(page.Locator("#view tbody tr")).ToHaveCountAsync(listed.Count);
        var first = page.Locator("#view tbody tr").First;
        await Assertions.Expect(first).ToContainTextAsync(id);
        await Assertions.Expect(first.Locator(".title")).ToHaveTextAsync(HostileTitle);
        await Assertions.Expect(first).ToContainTextAsync("1 of 2 resolved it");

        // Detail: the outcomes, lessons as text.
        await first.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-incident-id='{id}'] h2")).ToHaveTextAsync(HostileTitle);
        await Assertions.Expect(page.Locator("#view tbody tr:has(.lessons)")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".lessons").First).ToHaveTextAsync(HostileLessons);

        // Search through the incident memory.
        await page.ClickAsync("text=← all incidents");
        await page.FillAsync("#incident-search input[name=service]", "ledger");
        await page.FillAsync("#incident-search input[name=q]", "inserts failing no space left on device");
        await page.ClickAsync("#incident-search button[type=submit]");
        await Assertions.Expect(page.Locator("#incident-mode")).ToContainTextAsync("Most similar to the search first");
        var found = similar.GetProperty("incidents").EnumerateArray().ToList();
        Assert.Equal(id, found[0].GetProperty("incident").GetProperty("id").GetString());
        await Assertions.Expect(page.Locator("#view tbody tr")).ToHaveCountAsync(found.Count);
        await Assertions.Expect(page.Locator("#view tbody tr").First).ToContainTextAsync(id);

        Assert.Equal(0, await page.Locator("#view img, #view b, #view script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task IncidentsApi_UnknownIdBadArgumentsOrAgentToken_AreRefused()
    {
        var cancellationToken = TestTimeouts.Token();
        using var approver = fixture.CreateHttpClient(TestTokens.ApproverToken);
        using var agent = fixture.CreateHttpClient(TestTokens.AgentToken);

        using var unknown = await approver.GetAsync("api/incidents/inc-0000000000000000", cancellationToken);
        using var badService = await approver.GetAsync("api/incidents?service=Bad_Name", cancellationToken);
        using var badCount = await approver.GetAsync("api/incidents?count=0", cancellationToken);
        using var forbidden = await agent.GetAsync("api/incidents", cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badService.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private async Task<string> RecordWithOutcomeAsync(CancellationToken cancellationToken)
    {
        await using var agent = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);
        var incident = JsonSerializer.Serialize(new
        {
            service = "ledger", severity = "high", title = HostileTitle,
            symptoms = "No space left on device; inserts failing", started_at = DateTimeOffset.UtcNow.AddSeconds(-1),
        });
        var id = await IncidentToolsTests.RecordAsync(agent, incident, cancellationToken);
        foreach (var success in new[] { false, true })
        {
            var outcome = JsonSerializer.Serialize(new
            {
                incident_id = id, actions = new[] { new { action = success ? "scale_out" : "restart", targets = new[] { "ledger" } } },
                success, resolution_minutes = 20, lessons = HostileLessons,
            });
            var result = await agent.CallToolAsync("record_outcome", ToolArguments.Parse(outcome), cancellationToken: cancellationToken);
            Assert.NotEqual(true, result.IsError);
        }

        return id;
    }
}
