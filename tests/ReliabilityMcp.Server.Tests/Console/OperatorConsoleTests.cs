using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Console;

/// <summary>The operator console in a real headless browser against the real server: login, and each view against the API.</summary>
public sealed class OperatorConsoleTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Fact]
    public async Task Console_StaticFiles_AreServedWithAStrictContentSecurityPolicy()
    {
        using var client = fixture.CreateHttpClient(token: null);

        using var page = await client.GetAsync(new Uri("console/", UriKind.Relative), TestTimeouts.Token());
        using var script = await client.GetAsync(new Uri("console/app.js", UriKind.Relative), TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>ReliabilityMcp console</title>", await page.Content.ReadAsStringAsync(TestTimeouts.Token()), StringComparison.Ordinal);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LogIn_WithAnAgentToken_IsRefusedWithAnExplanation()
    {
        await using var browser = await BrowserSession.StartAsync(TestTimeouts.Token());

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.AgentToken);

        await Assertions.Expect(browser.Page.Locator("#login-error")).ToHaveTextAsync("That token is not an approver or admin token of this server.");
        Assert.True(await browser.Page.Locator("#nav").IsHiddenAsync());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Views_AfterApproverLogIn_ShowWhatTheApiReturns()
    {
        var cancellationToken = TestTimeouts.Token();
        // Something to see: an explore-mode read is audited with its caller.
        await using (var explorer = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ExplorerToken, McpClients.November2025, cancellationToken))
        {
            var call = await explorer.CallToolAsync("evaluate_policies", ToolArguments.Parse("""{"service": "checkout", "telemetry": {"latency_p99": 900}}"""), cancellationToken: cancellationToken);
            Assert.NotEqual(true, call.IsError);
        }

        using var operatorApi = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var audit = await operatorApi.GetFromJsonAsync<JsonElement>("api/audit?from=1&count=1000", cancellationToken);
        var configuration = await operatorApi.GetFromJsonAsync<JsonElement>("api/configuration", cancellationToken);
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);

        await Assertions.Expect(page.Locator("#principal")).ToContainTextAsync(TestTokens.ApproverPrincipal);
        // Tool calls: the newest audited entry first, with its caller, tool and decision.
        var newest = audit.GetProperty("entries").EnumerateArray().Last();
        var firstRow = page.Locator("#view tbody tr").First;
        await Assertions.Expect(firstRow).ToContainTextAsync(newest.GetProperty("record").GetProperty("principal").GetString()!);
        await Assertions.Expect(firstRow).ToContainTextAsync("evaluate_policies");
        await Assertions.Expect(firstRow.Locator(".badge")).ToHaveTextAsync("read");

        // Audit trail: one row per entry and the chain's verification.
        await page.ClickAsync("nav a[data-view=audit]");
        await Assertions.Expect(page.Locator("#view .badge.ok").First).ToContainTextAsync("chain verified");
        await Assertions.Expect(page.Locator("#view tbody tr")).ToHaveCountAsync(audit.GetProperty("entries").GetArrayLength());

        // Configuration: every policy the API lists, by name.
        await page.ClickAsync("nav a[data-view=configuration]");
        var policies = configuration.GetProperty("configuration").GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        var policyTable = page.Locator("#view table").First;
        await Assertions.Expect(policyTable.Locator("tbody tr")).ToHaveCountAsync(policies.Count);
        foreach (var name in policies)
        {
            await Assertions.Expect(policyTable).ToContainTextAsync(name);
        }

        // Log out forgets the token.
        await page.ClickAsync("#logout");
        await Assertions.Expect(page.Locator("#login")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('reliabilitymcp.token')"));
        Assert.Empty(browser.Errors);
    }
}
