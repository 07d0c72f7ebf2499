using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ReliabilityMcp.LoadGenerator;

/// <summary>
/// Ships recorded outcomes to the SLO ingestion endpoint in batches. A batch that fails is retried as is, with the
/// same batch id, so the server counts it once however many times it arrives.
/// </summary>
internal sealed partial class OutcomeShipper(
    IHttpClientFactory clients, OutcomeBuffer outcomes, IOptions<LoadOptions> options, TimeProvider time, ILogger<OutcomeShipper> logger) : BackgroundService
{
    public const string IngestClient = "ingest";
    private const int MaxBatch = 5_000;
    private IngestBatch? _pending;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.IngestUrl is null)
        {
            LogNoIngest(logger);
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.FlushSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(settings, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: one last attempt so the final second is not lost.
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await FlushAsync(settings, last.Token).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(LoadOptions settings, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_pending is null)
            {
                var taken = outcomes.Take(MaxBatch);
                if (taken.Count == 0)
                {
                    return;
                }

                _pending = new IngestBatch(Guid.NewGuid().ToString("N"),
                    [.. taken.Select(o => new IngestEvent(settings.Service, o.Timestamp, o.Success, Math.Round(o.LatencyMs, 3)))]);
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, settings.IngestUrl) { Content = JsonContent.Create(_pending) };
                if (settings.IngestToken is { Length: > 0 } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await clients.CreateClient(IngestClient).SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    LogShipFailed(logger, _pending.BatchId, $"{(int)response.StatusCode} {response.ReasonPhrase}");
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                LogShipFailed(logger, _pending.BatchId, ex.Message);
                return;
            }

            _pending = null;
        }
    }

    /// <summary>The ingestion wire format: a batch of single request outcomes.</summary>
    internal sealed record IngestBatch(
        [property: JsonPropertyName("batch_id")] string BatchId,
        [property: JsonPropertyName("events")] IReadOnlyList<IngestEvent> Events);

    /// <summary>One request outcome.</summary>
    internal sealed record IngestEvent(
        [property: JsonPropertyName("service")] string Service,
        [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
        [property: JsonPropertyName("success")] bool Success,
        [property: JsonPropertyName("latency_ms")] double LatencyMs);

    [LoggerMessage(EventId = 7111, EventName = "IngestNotConfigured", Level = LogLevel.Warning, Message = "Load:IngestUrl is not set: outcomes are counted in the log only")]
    private static partial void LogNoIngest(ILogger logger);

    [LoggerMessage(EventId = 7112, EventName = "ShipFailed", Level = LogLevel.Warning, Message = "batch {BatchId} not accepted ({Reason}); it will be retried with the same id")]
    private static partial void LogShipFailed(ILogger logger, string batchId, string reason);
}
