using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Playwright;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>The whole application with Aspire's dashboard on (the test builder turns it off by default), shared by the tests of the class.</summary>
public sealed class DemoWithDashboardFixture() : AppHostFixture(demo: true, dashboard: true);

/// <summary>
/// The dashboard as an operator uses it, in headless Chromium: logged in through the login link the ready banner
/// prints, it lists every resource Running and Healthy and shows a trace of the agent's MCP <c>tools/call</c> across
/// the agent, the server and the server's store commands; the demo services' fault commands work.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DashboardTests(DemoWithDashboardFixture fixture) : IClassFixture<DemoWithDashboardFixture>, IDisposable
{
    /// <summary>
    /// The trace-detail links (<c>a</c> or <c>fluent-anchor</c>) of the list's rows (a row: the largest element holding
    /// one such link) whose text has the agent's watch cycle and spans of the store; <c>click</c> when such a row shows
    /// without a link (the row itself opens the trace).
    /// </summary>
    private const string AgentCycleTraceLinks = """
        () => {
            const selector = "[href*='traces/detail/']";
            const wanted = text => text.includes("agent.watch.cycle") && text.includes("store (");
            const links = [...document.querySelectorAll(selector)].filter(a => {
                for (let e = a; e && e.querySelectorAll(selector).length <= 1; e = e.parentElement) {
                    if (wanted(e.innerText || "")) return true;
                }
                return false;
            }).map(a => new URL(a.getAttribute("href"), document.baseURI).href);
            return links.length > 0 || !wanted(document.body.innerText || "") ? links : ["click"];
        }
        """;

    private static readonly string[] Resources = ["store", "server", "inventory", "payments", "checkout", "loadgen", "agent"];

    /// <summary>Generous: the dashboard renders over a websocket on a two-core machine shared with builds.</summary>
    private static readonly TimeSpan PageDeadline = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private LocalAppHost Sut => fixture.Sut;

    [Fact]
    public async Task Resources_LoggedInWithTheBannerLink_ListsEveryResourceRunningAndHealthy()
    {
        using var deadline = Deadline();
        await using var browser = await LogInAsync(deadline.Token);

        await browser.Page.GotoAsync(new Uri(Sut.DashboardLoginUrl, "/").ToString());
        var text = await PageTextAsync(browser.Page, t => Resources.All(r => t.Contains(r, StringComparison.Ordinal)),
            "the resources page to list every resource", deadline.Token);

        Assert.DoesNotContain("Unhealthy", text, StringComparison.Ordinal);
        foreach (var resource in Resources)
        {
            var snapshot = (await Sut.CurrentAsync(resource, deadline.Token)).Snapshot;
            Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
            Assert.True(snapshot.HealthStatus is null or HealthStatus.Healthy, $"{resource}: {snapshot.HealthStatus}");
        }
    }

    [Fact]
    public async Task Traces_AgentToolCall_IsOneTraceAcrossAgentServerAndStore()
    {
        using var deadline = Deadline();
        await using var browser = await LogInAsync(deadline.Token);
        var page = browser.Page;

        // Each watch cycle of the runbook agent is one trace (it reads slo_status through MCP every round); the
        // agent's list keeps them apart from the load generator's thousands of orders.
        await page.GotoAsync(new Uri(Sut.DashboardLoginUrl, "/traces/resource/agent").ToString());
        string[] details;
        try
        {
            details = await Poll.UntilAsync(
                _ => page.EvaluateAsync<string[]>(AgentCycleTraceLinks), links => links.Length > 0, "an agent trace with store spans in the dashboard's traces list", deadline.Token);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nThe traces page shows:\n{await page.Locator("body").InnerTextAsync()}", timeout);
        }

        // The trace: the agent's tools/call, the server's handling of it, and the server's store commands.
        if (details[0] == "click")
        {
            await page.GetByText("agent.watch.cycle").First.ClickAsync();
        }
        else
        {
            await page.GotoAsync(details[0]);
        }

        var detail = await PageTextAsync(page, t => new[] { "tools/call", "agent", "server" }.All(w => t.Contains(w, StringComparison.Ordinal)),
            "the trace's spans from the agent and the server", deadline.Token);

        // The server's store commands are spans of the same trace; the dashboard names their peer after the store resource.
        Assert.True(detail.Contains("store", StringComparison.Ordinal), detail);
    }

    [Fact]
    public async Task Commands_InjectThenClearFaultOnCheckout_ChangeItsActiveFaults()
    {
        var ct = TestContext.Current.CancellationToken;
        var commands = Sut.App.Services.GetRequiredService<ResourceCommandService>();

        var injected = await commands.ExecuteCommandAsync("checkout", "inject-fault", ct);
        Assert.True(injected.Success, injected.Message);
        Assert.Equal(1, await ActiveFaultsAsync(ct));
        var cleared = await commands.ExecuteCommandAsync("checkout", "clear-faults", ct);
        Assert.True(cleared.Success, cleared.Message);
        Assert.Equal(0, await ActiveFaultsAsync(ct));
    }

    public void Dispose() => _http.Dispose();

    private static CancellationTokenSource Deadline()
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(PageDeadline);
        return deadline;
    }

    /// <summary>Opens the login link as a user pastes it: the dashboard sets its cookie and leaves the login page.</summary>
    private async Task<BrowserSession> LogInAsync(CancellationToken cancellationToken)
    {
        var browser = await BrowserSession.StartAsync(cancellationToken);
        try
        {
            await browser.Page.GotoAsync(Sut.DashboardLoginUrl.ToString());
            await Poll.UntilAsync(_ => Task.FromResult(browser.Page.Url), url => !url.Contains("/login", StringComparison.Ordinal),
                "the dashboard to accept the login link", cancellationToken);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private static Task<string> PageTextAsync(IPage page, Func<string, bool> done, string what, CancellationToken cancellationToken) =>
        Poll.UntilAsync(_ => page.Locator("body").InnerTextAsync(), done, what, cancellationToken);

    private async Task<int> ActiveFaultsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Sut.CheckoutUrl, "/_chaos/faults")) { Headers = { { "X-Chaos-Token", Sut.ChaosToken } } };
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.GetArrayLength()
            : document.RootElement.GetProperty("faults").GetArrayLength();
    }
}
