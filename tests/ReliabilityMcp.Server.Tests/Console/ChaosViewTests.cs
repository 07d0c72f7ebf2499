using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ReliabilityMcp.Server.Tests.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Console;

/// <summary>The console's chaos view in a real browser against what GET /api/chaos/experiments(/{id}) returns.</summary>
public sealed class ChaosViewTests(ChaosServerFixture fixture) : IClassFixture<ChaosServerFixture>
{
    [Fact]
    public async Task ChaosView_CompletedAndFailedExperiments_ShowStatusScoreTimelineAndWhy()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var agent = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);
        // One at a time: a target runs one experiment at once.
        var broken = await ChaosCalls.RunAsync(agent, """{"template": "broken-probe", "target": "checkout"}""", cancellationToken);
        await ChaosCalls.WaitFinishedAsync(agent, broken.ExperimentId!, cancellationToken);
        var completed = await ChaosCalls.RunAsync(agent, """{"template": "slow-orders", "target": "checkout"}""", cancellationToken);
        await ChaosCalls.WaitFinishedAsync(agent, completed.ExperimentId!, cancellationToken);
        using var operatorApi = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        operatorApi.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.ApproverToken);
        var list = await operatorApi.GetFromJsonAsync<JsonElement>("api/chaos/experiments?count=100", cancellationToken);
        var done = await operatorApi.GetFromJsonAsync<JsonElement>($"api/chaos/experiments/{completed.ExperimentId}", cancellationToken);
        var failed = await operatorApi.GetFromJsonAsync<JsonElement>($"api/chaos/experiments/{broken.ExperimentId}", cancellationToken);
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);
        await page.ClickAsync("nav a[data-view=chaos]");

        // The list: one row per experiment, newest first, with status and score.
        await Assertions.Expect(page.Locator("#view tbody tr")).ToHaveCountAsync(list.GetArrayLength());
        var failedRow = page.Locator("#view tbody tr", new() { HasText = broken.ExperimentId! });
        await Assertions.Expect(failedRow.Locator(".badge")).ToHaveTextAsync("steady_state_failed");
        await Assertions.Expect(failedRow.Locator(".reason")).ToHaveTextAsync(failed.GetProperty("experiment").GetProperty("reason").GetString()!);
        var doneRow = page.Locator("#view tbody tr", new() { HasText = completed.ExperimentId! });
        await Assertions.Expect(doneRow.Locator(".badge")).ToHaveTextAsync("completed");
        var score = done.GetProperty("experiment").GetProperty("result").GetProperty("resilienceScore").GetDouble();
        await Assertions.Expect(doneRow.Locator(".score")).ToHaveTextAsync(score.ToString("#,0.#", CultureInfo.InvariantCulture));

        // One experiment: its timeline step by step.
        await doneRow.Locator("a").ClickAsync();
        var steps = ChaosCalls.Steps(done);
        await Assertions.Expect(page.Locator($"[data-experiment-id='{completed.ExperimentId}'] .timeline .step")).ToHaveTextAsync(steps);
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync(done.GetProperty("experiment").GetProperty("errorBudgetNote").GetString()!);
        Assert.Empty(browser.Errors);
    }
}
