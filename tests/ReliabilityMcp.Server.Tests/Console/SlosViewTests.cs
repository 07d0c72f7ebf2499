using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Server.Tests.Slo;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Console;

/// <summary>The console's SLO view in a real browser against what GET /api/slos returns after ingestion.</summary>
public sealed class SlosViewTests(SloServerFixture fixture) : IClassFixture<SloServerFixture>
{
    [Fact]
    public async Task SlosView_AfterIngestion_ShowsBudgetBurnRatesAndChartsAsTheApiReports()
    {
        var cancellationToken = TestTimeouts.Token();
        using var sender = fixture.CreateHttpClient(SloServerFixture.TelemetryToken);
        // 0.025 % errors on the 99.95 % payments SLO: half the budget left, burning at 0.5 in every window.
        var batch = $$"""
            {"batch_id": "{{Guid.NewGuid()}}", "events": [{"service": "payments", "timestamp": "{{DateTimeOffset.UtcNow:O}}", "total": 200000, "good": 199950}]}
            """;
        using var posted = await sender.PostAsync("api/telemetry", new StringContent(batch, Encoding.UTF8, "application/json"), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var operatorApi = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var status = await operatorApi.GetFromJsonAsync<JsonElement>("api/slos", cancellationToken);
        var slos = status.GetProperty("slos").EnumerateArray().ToList();
        var payments = slos.Single(s => s.GetProperty("name").GetString() == "payments-availability");
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);
        await page.ClickAsync("nav a[data-view=slos]");

        await Assertions.Expect(page.Locator("#view .card.slo")).ToHaveCountAsync(slos.Count);
        var card = page.Locator("[data-slo='payments/payments-availability']");
        var budgetLeft = payments.GetProperty("budgetRemainingFraction").GetDouble() * 100;
        Assert.Equal(50, budgetLeft, 6);
        await Assertions.Expect(card.Locator(".budget-left")).ToHaveTextAsync("50%");
        await Assertions.Expect(card.Locator(".sli")).ToHaveTextAsync("99.975%");
        await Assertions.Expect(card.Locator(".alert-tier")).ToHaveTextAsync($"alert: {payments.GetProperty("alert").GetString()}");
        var burns = payments.GetProperty("burnRates").EnumerateArray().Select(b => b.GetProperty("rate").GetDouble().ToString("0.##", CultureInfo.InvariantCulture)).ToArray();
        await Assertions.Expect(card.Locator(".burn")).ToHaveTextAsync(burns);
        Assert.Equal("50", await card.Locator("svg.bar .bar-fill").GetAttributeAsync("width") is { } width ? double.Parse(width, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : null);
        // The charts: the last hour from GET /api/slos/history, one line each.
        await Assertions.Expect(card.Locator("svg.chart")).ToHaveCountAsync(3);
        await Assertions.Expect(card.Locator("svg.chart path.line")).ToHaveCountAsync(3);
        await Assertions.Expect(card.Locator("svg.chart").Last).ToHaveAttributeAsync("aria-label", "budget left %, last hour");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task SloHistory_EventsHalfAnHourAgo_BurnInThePastMinutesAndOnlyThere()
    {
        var cancellationToken = TestTimeouts.Token();
        using var sender = fixture.CreateHttpClient(SloServerFixture.TelemetryToken);
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        // 0.5 % errors on the 99.9 % checkout availability SLO: burn 5 in any window that holds them.
        var batch = $$"""
            {"batch_id": "{{Guid.NewGuid()}}", "events": [{"service": "checkout", "timestamp": "{{at:O}}", "total": 200000, "good": 199000}]}
            """;
        using var posted = await sender.PostAsync("api/telemetry", new StringContent(batch, Encoding.UTF8, "application/json"), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var operatorApi = fixture.CreateHttpClient(TestTokens.ApproverToken);

        var series = await operatorApi.GetFromJsonAsync<JsonElement>("api/slos/history?service=checkout&minutes=60", cancellationToken);
        using var tooLong = await operatorApi.GetAsync("api/slos/history?minutes=61", cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var points = series.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "checkout-availability").GetProperty("points").EnumerateArray()
            .Select(p => (At: p.GetProperty("at").GetDateTimeOffset(), Burn5m: p.GetProperty("burnRate5m").GetDouble(), Burn1h: p.GetProperty("burnRate1h").GetDouble()))
            .ToList();
        Assert.Equal(60, points.Count);
        var before = points.Where(p => p.At < at.AddMinutes(-2)).ToList();
        var justAfter = points.Where(p => p.At > at.AddMinutes(1) && p.At < at.AddMinutes(3)).ToList();
        Assert.NotEmpty(before);
        Assert.All(before, p => Assert.Equal((0, 0), (p.Burn5m, p.Burn1h)));
        Assert.NotEmpty(justAfter);
        Assert.All(justAfter, p => Assert.Equal((5, 5), (Math.Round(p.Burn5m, 6), Math.Round(p.Burn1h, 6))));
        Assert.Equal((0, 5), (points[^1].Burn5m, Math.Round(points[^1].Burn1h, 6)));
    }
}
