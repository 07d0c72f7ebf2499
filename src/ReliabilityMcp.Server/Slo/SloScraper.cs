using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>
/// Pulls Prometheus text-format counters from the configured <c>slos.scrape_targets</c> every
/// <c>scrape_interval_seconds</c> and ingests the difference from the previous scrape. A page that does not parse
/// is rejected whole and the previous reading is kept, so the next good scrape covers the gap. Batch ids are
/// (target, interval number): when several replicas scrape the same target, the first to report an interval wins
/// and the others' copies are dropped as duplicates.
/// </summary>
public sealed partial class SloScraper(
    IReliabilityConfigurationSource configuration, SloService slo, IHttpClientFactory httpClients, TimeProvider time, ILogger<SloScraper> logger)
    : BackgroundService
{
    /// <summary>Name of the <see cref="HttpClient"/> used for scraping.</summary>
    public const string HttpClientName = "slo-scraper";

    private readonly ConcurrentDictionary<string, PrometheusReading> _previous = new(StringComparer.Ordinal);

    /// <summary>Scrapes every target once, now.</summary>
    public async Task<IReadOnlyList<ScrapeResult>> ScrapeOnceAsync(CancellationToken cancellationToken)
    {
        var settings = configuration.Current.Slos;
        var results = new List<ScrapeResult>(settings.ScrapeTargets.Count);
        foreach (var target in settings.ScrapeTargets)
        {
            results.Add(await ScrapeAsync(target, settings.ScrapeIntervalSeconds, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = TimeSpan.FromSeconds(configuration.Current.Slos.ScrapeIntervalSeconds);
            try
            {
                await ScrapeOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A background failure must never stop the host (the default for a faulted BackgroundService): log, wait, go on.
                LogScrapeLoopFailed(logger, ex);
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ScrapeResult> ScrapeAsync(SloScrapeTarget target, int intervalSeconds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        PrometheusReading reading;
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(new Uri(target.Url), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(target, $"HTTP {(int)response.StatusCode} from the target");
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            reading = PrometheusReading.From(PrometheusTextParser.Parse(text), target);
        }
        catch (PrometheusFormatException ex)
        {
            return Failed(target, $"not valid Prometheus text, nothing ingested: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Failed(target, ex is TaskCanceledException ? "no answer in time" : ex.Message);
        }

        var key = $"{target.Service}|{target.Url}";
        if (!_previous.TryGetValue(key, out var previous))
        {
            _previous[key] = reading;
            return new ScrapeResult(target.Service, target.Url, "baseline");
        }

        var batch = new TelemetryBatch
        {
            BatchId = string.Create(CultureInfo.InvariantCulture, $"scrape:{target.Service}:{UrlTag(target.Url)}:{now.ToUnixTimeSeconds() / intervalSeconds}"),
            Events = [reading.DeltaSince(previous, target.Service, now)],
        };
        try
        {
            var result = await slo.IngestAsync(batch, cancellationToken).ConfigureAwait(false);
            if (result.Errors.Count > 0)
            {
                return Failed(target, string.Join(" ", result.Errors));
            }

            // The baseline moves only once the delta is stored, so a store outage loses nothing: the next scrape covers it.
            _previous[key] = reading;
            return new ScrapeResult(target.Service, target.Url, result.Duplicate ? "duplicate" : "ingested");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed(target, $"the store is unreachable: {ex.Message}");
        }
    }

    private ScrapeResult Failed(SloScrapeTarget target, string problem)
    {
        LogScrapeFailed(logger, target.Service, target.Url, problem);
        return new ScrapeResult(target.Service, target.Url, "failed", problem);
    }

    private static string UrlTag(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..12];

    [LoggerMessage(EventId = 6202, EventName = "SloScrapeLoopFailed", Level = LogLevel.Error,
        Message = "The SLO scrape loop failed; it will try again after the interval")]
    private static partial void LogScrapeLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6201, EventName = "SloScrapeFailed", Level = LogLevel.Warning,
        Message = "Scraping {Service} at {Url} failed: {Problem}")]
    private static partial void LogScrapeFailed(ILogger logger, string service, string url, string problem);
}
