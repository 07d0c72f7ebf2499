using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>
/// The whole application with the dashboard, read in headless Chromium as an operator would: every resource listed
/// and running, a trace of the agent's MCP calls; the demo services' fault commands work; the load reaches the SLOs.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DashboardTests : IDisposable
{
    private static readonly string[] Resources = ["store", "server", "inventory", "payments", "checkout", "loadgen", "agent"];

    private readonly string _data = RepositoryPaths.NewTempDirectory("apphost-dashboard");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Dashboard_WithTheDemo_ListsEveryResourceShowsAgentTraceAndFaultCommandsWork()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(15));
        var ct = deadline.Token;
        await using var sut = await LocalAppHost.StartAsync(_data, demo: true, dashboard: true, cancellationToken: ct);

        // The load generator's orders reach checkout, and their outcomes reach the SLO engine through ingestion.
        await Poll.UntilAsync(token => OperatorGetAsync(sut, "/api/slos", token), body => CheckoutEvents(body) > 0, "checkout traffic counted by the SLO engine", ct);

        // The dashboard's buttons: inject a fault on checkout through its chaos endpoint, then clear it.
        var commands = sut.App.Services.GetRequiredService<ResourceCommandService>();
        var injected = await commands.ExecuteCommandAsync("checkout", "inject-fault", ct);
        Assert.True(injected.Success, injected.Message);
        Assert.Equal(1, await ActiveFaultsAsync(sut, ct));
        var cleared = await commands.ExecuteCommandAsync("checkout", "clear-faults", ct);
        Assert.True(cleared.Success, cleared.Message);
        Assert.Equal(0, await ActiveFaultsAsync(sut, ct));

        await using var browser = await BrowserSession.StartAsync(ct);
        var page = browser.Page;
        await page.GotoAsync(new Uri(sut.DashboardUrl, $"/login?t={sut.BrowserToken}").ToString());

        // Resources: every one listed, each Running.
        await page.GotoAsync(new Uri(sut.DashboardUrl, "/").ToString());
        var resourcesText = await Poll.UntilAsync(
            async _ => await page.Locator("body").InnerTextAsync(),
            text => Resources.All(r => text.Contains(r, StringComparison.Ordinal)) && text.Contains("Running", StringComparison.Ordinal),
            "the dashboard's resources page to list every resource", ct);
        Assert.All(Resources, r => Assert.Contains(r, resourcesText, StringComparison.Ordinal));
        foreach (var resource in Resources)
        {
            Assert.Equal(HealthState.Healthy, await HealthAsync(sut, resource));
        }

        // Traces: the agent's MCP calls to the server (it reads slo_status on every round).
        await Poll.UntilAsync(
            async _ =>
            {
                await page.GotoAsync(new Uri(sut.DashboardUrl, "/traces").ToString());
                return await page.Locator("body").InnerTextAsync();
            },
            text => text.Contains("agent", StringComparison.Ordinal) && text.Contains("server", StringComparison.Ordinal)
                && text.Contains("tools/call", StringComparison.Ordinal),
            "a trace of the agent's tools/call across agent and server", ct);
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private enum HealthState
    {
        Unknown,
        Healthy,
    }

    private static async Task<HealthState> HealthAsync(LocalAppHost sut, string resource)
    {
        var state = (await sut.CurrentAsync(resource, TestContext.Current.CancellationToken)).Snapshot;
        return state.State?.Text == KnownResourceStates.Running
            && state.HealthStatus is null or Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            ? HealthState.Healthy
            : HealthState.Unknown;
    }

    private async Task<int> ActiveFaultsAsync(LocalAppHost sut, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sut.CheckoutUrl, "/_chaos/faults")) { Headers = { { "X-Chaos-Token", sut.ChaosToken } } };
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.GetArrayLength()
            : document.RootElement.GetProperty("faults").GetArrayLength();
    }

    private async Task<string> OperatorGetAsync(LocalAppHost sut, string path, CancellationToken cancellationToken)
    {
        using var request = LocalAppHost.Authorized(HttpMethod.Get, new Uri(sut.ServerUrl, path), sut.OperatorToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(cancellationToken) : $"{(int)response.StatusCode}";
    }

    private static long CheckoutEvents(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("slos").EnumerateArray()
                .Where(s => s.GetProperty("service").GetString() == "checkout")
                .Sum(s => s.GetProperty("totalEvents").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return 0;
        }
    }
}
