using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Redis.Slo;
using ReliabilityMcp.Server.Slo;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Slo;

/// <summary>The Prometheus scraper against an in-test HTTP server exposing /metrics, the real store and a fake clock.</summary>
public sealed class SloScraperTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 12, 0, 10, TimeSpan.Zero);

    private static string Page(long ok, long errors, long under300ms) => $$"""
        # TYPE http_requests_total counter
        http_requests_total{code="200"} {{ok}}
        http_requests_total{code="503"} {{errors}}
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.1"} {{under300ms / 2}}
        http_request_duration_seconds_bucket{le="0.3"} {{under300ms}}
        http_request_duration_seconds_bucket{le="+Inf"} {{ok + errors}}
        """;


    private static ReliabilityConfiguration Config(string url) => new()
    {
        Services = new Dictionary<string, ServiceNode> { ["checkout"] = new() },
        Slos = new SloSettings
        {
            ScrapeIntervalSeconds = 30,
            Objectives =
            [
                new SloDefinition { Service = "checkout", Name = "avail", Objective = 99, MinEvents = 1 },
                new SloDefinition { Service = "checkout", Name = "fast", Sli = SliKind.Latency, LatencyThresholdMs = 300, Objective = 90, MinEvents = 1 },
            ],
            ScrapeTargets =
            [
                new SloScrapeTarget
                {
                    Service = "checkout", Url = url, TotalMetric = "http_requests_total", ErrorsMetric = "http_requests_total",
                    ErrorsMatch = new Dictionary<string, string> { ["code"] = "5.." }, LatencyHistogram = "http_request_duration_seconds",
                },
            ],
        },
    };

    [Fact]
    public async Task ScrapeOnceAsync_CountersBetweenScrapes_AreIngestedAndMalformedPagesAreNot()
    {
        var cancellationToken = TestTimeouts.Token();
        var page = Page(1000, 0, 900);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        await using var metrics = builder.Build();
        metrics.MapGet("/metrics", () => Results.Text(page, "text/plain; version=0.0.4"));
        await metrics.StartAsync(cancellationToken);
        var url = $"{metrics.Urls.Single()}/metrics";

        await using var conn = await StoreConnection.ConnectAsync(TestStore.ConnectionString, cancellationToken);
        var clock = new ManualClock(T0);
        var source = new FixedConfigurationSource(Config(url));
        var slo = new SloService(source, new RedisSloStore(conn, new StoreKeys($"scrape-{Guid.NewGuid():N}")), clock);
        var sut = new SloScraper(source, slo, new PlainHttpClientFactory(), clock, NullLogger<SloScraper>.Instance);

        var first = await sut.ScrapeOnceAsync(cancellationToken);
        page = Page(1980, 20, 1860);     // +1000 requests: 20 errors, 960 under 300 ms
        clock.Now = T0.AddSeconds(30);
        var second = await sut.ScrapeOnceAsync(cancellationToken);
        page = "http_requests_total{code=\"200\"} 5000\nhttp_requests_total{code=\"503\" 7\n";
        clock.Now = T0.AddSeconds(60);
        var malformed = await sut.ScrapeOnceAsync(cancellationToken);
        page = Page(2470, 30, 2300);     // +500 since the last good scrape: 10 errors, 440 under 300 ms
        clock.Now = T0.AddSeconds(90);
        var third = await sut.ScrapeOnceAsync(cancellationToken);
        var status = await slo.EvaluateAsync("checkout", cancellationToken);

        Assert.Equal("baseline", Assert.Single(first).Status);
        Assert.Equal("ingested", Assert.Single(second).Status);
        var failed = Assert.Single(malformed);
        Assert.Equal("failed", failed.Status);
        Assert.Contains("line 2", failed.Problem, StringComparison.Ordinal);
        Assert.Equal("ingested", Assert.Single(third).Status);
        var avail = status.Single(s => s.Definition.Name == "avail");
        Assert.Equal((1500, 30), (avail.TotalEvents, avail.BadEvents));
        var fast = status.Single(s => s.Definition.Name == "fast");
        Assert.Equal((1500, 100), (fast.TotalEvents, fast.BadEvents));
    }
}
