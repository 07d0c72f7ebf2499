using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Server.Tests.Remediation;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Console;

/// <summary>The console's resources view in a real browser against what GET /api/resources returns.</summary>
public sealed class ResourcesViewTests(ProcessServerFixture fixture) : IClassFixture<ProcessServerFixture>
{
    [Fact]
    public async Task ResourcesView_ServicesAndAppHostResources_ShowWhatTheApiReturns()
    {
        var cancellationToken = TestTimeouts.Token();
        using var http = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var overview = await http.GetFromJsonAsync<JsonElement>("api/resources", cancellationToken);
        var resources = overview.GetProperty("resources").EnumerateArray().ToList();
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);
        await page.ClickAsync("nav a[data-view=resources]");

        await Assertions.Expect(page.Locator("#view tbody tr")).ToHaveCountAsync(resources.Count);
        await Assertions.Expect(page.Locator("#view tbody tr .name")).ToHaveTextAsync(resources.Select(NameText).ToArray());
        foreach (var resource in resources)
        {
            var row = page.Locator($"#view tbody tr[data-resource='{resource.GetProperty("name").GetString()}']");
            var process = resource.GetProperty("process");
            var probe = resource.GetProperty("probe");
            var managed = process.ValueKind == JsonValueKind.Object;
            await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync(managed ? process.GetProperty("state").GetString()! : "not managed");
            await Assertions.Expect(row.Locator(".pid")).ToHaveTextAsync(managed && process.GetProperty("pid").ValueKind == JsonValueKind.Number ? process.GetProperty("pid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "–");
            await Assertions.Expect(row.Locator(".restarts")).ToHaveTextAsync(managed ? process.GetProperty("restarts").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "–");
            await Assertions.Expect(row.Locator(".replicas")).ToHaveTextAsync(managed ? $"{process.GetProperty("replicas").GetInt32()} / {process.GetProperty("maxReplicas").GetInt32()}" : "–");
            var healthy = probe.ValueKind == JsonValueKind.Object ? probe.GetProperty("healthy").GetBoolean() : managed ? process.GetProperty("healthy").GetBoolean() : (bool?)null;
            await Assertions.Expect(row.Locator(".health")).ToHaveTextAsync(healthy is null ? "no check" : healthy.Value ? "healthy" : "unhealthy");
            if (probe.ValueKind == JsonValueKind.Object)
            {
                // Latency is measured again on every refresh, so only its form is compared.
                await Assertions.Expect(row.Locator(".latency")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[\d,]+ ms$"));
                await Assertions.Expect(row.Locator(".detail")).ToHaveTextAsync(probe.GetProperty("detail").GetString()!);
            }
            else
            {
                await Assertions.Expect(row.Locator(".latency")).ToHaveTextAsync("–");
            }
        }

        await Assertions.Expect(page.Locator("#view .control-plane")).ToHaveTextAsync($"AppHost control API at {fixture.Plane.BaseUrl} (executor apphost-restart): reachable.");
        await Assertions.Expect(page.Locator("#view button")).ToHaveCountAsync(0);
        Assert.Empty(browser.Errors);
    }

    private static string NameText(JsonElement resource) =>
        resource.GetProperty("process") is { ValueKind: JsonValueKind.Object } process && process.GetProperty("replicaOf").GetString() is { } of
            ? $"{resource.GetProperty("name").GetString()} replica of {of}"
            : resource.GetProperty("name").GetString()!;

    [Fact]
    public async Task ResourcesView_AppHostNotListening_ShowsWhyAndStillTheProbes()
    {
        var cancellationToken = TestTimeouts.Token();
        var server = fixture.StartServer(ClosedPort.Url());
        using var http = fixture.CreateHttpClient(TestTokens.AdminToken, server);
        var overview = await http.GetFromJsonAsync<JsonElement>("api/resources", cancellationToken);
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(server.BaseAddress, TestTokens.AdminToken);
        await page.ClickAsync("nav a[data-view=resources]");

        await Assertions.Expect(page.Locator("#view .control-plane.error .data")).ToHaveTextAsync(overview.GetProperty("controlPlane").GetProperty("error").GetString()!);
        await Assertions.Expect(page.Locator("#view tbody tr[data-resource='web'] .health")).ToHaveTextAsync("healthy");
        await Assertions.Expect(page.Locator("#view tbody tr[data-resource='ledger'] .health")).ToHaveTextAsync("unhealthy");
        await Assertions.Expect(page.Locator("#view tbody tr .state")).ToHaveTextAsync(Enumerable.Repeat("not managed", overview.GetProperty("resources").GetArrayLength()).ToArray());
        Assert.Empty(browser.Errors);
    }
}
