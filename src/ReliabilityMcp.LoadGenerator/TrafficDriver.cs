using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ReliabilityMcp.LoadGenerator;

/// <summary>
/// Sends orders to the target at a steady rate (open loop: requests start on schedule whether or not earlier ones
/// have finished, as real users do), and records each outcome as the client saw it.
/// </summary>
internal sealed partial class TrafficDriver(
    IHttpClientFactory clients, OutcomeBuffer outcomes, IOptions<LoadOptions> options, TimeProvider time, ILogger<TrafficDriver> logger) : BackgroundService
{
    public const string TargetClient = "target";
    private static readonly string[] Skus = ["sku-1001", "sku-1002", "sku-2040", "sku-3300", "sku-4711"];
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private int _inFlight;
    private long _shed;
    private long _sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var perTick = settings.RequestsPerSecond * Tick.TotalSeconds;
        var due = 0.0;
        var lastReport = time.GetTimestamp();
        using var timer = new PeriodicTimer(Tick, time);
        LogStarted(logger, settings.RequestsPerSecond, settings.Service, settings.Path);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            due += perTick;
            while (due >= 1)
            {
                due -= 1;
                if (Volatile.Read(ref _inFlight) >= settings.MaxInFlight)
                {
                    Interlocked.Increment(ref _shed);
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                _ = SendOneAsync(settings, stoppingToken);
            }

            if (time.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(10))
            {
                lastReport = time.GetTimestamp();
                LogProgress(logger, outcomes.Succeeded, outcomes.Failed, Interlocked.Read(ref _shed), outcomes.Dropped);
            }
        }
    }

    private async Task SendOneAsync(LoadOptions settings, CancellationToken stoppingToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var success = false;
        try
        {
            var n = Interlocked.Increment(ref _sequence);
            var order = new
            {
                order_id = $"o-{started.ToUnixTimeMilliseconds()}-{n}",
                sku = Skus[n % Skus.Length],
                quantity = 1 + (int)(n % 3),
                amount = 9.99m + (n % 40),
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.TimeoutMilliseconds);
            using var response = await clients.CreateClient(TargetClient).PostAsJsonAsync(settings.Path.TrimStart('/'), order, timeout.Token).ConfigureAwait(false);
            // Client errors other than throttling are the caller's fault, not the service's: they do not burn the budget.
            success = (int)response.StatusCode < 500 && (int)response.StatusCode != 429;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            success = false;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        outcomes.Add(new RequestOutcome(started, success, clock.Elapsed.TotalMilliseconds));
    }

    [LoggerMessage(EventId = 7101, EventName = "LoadStarted", Level = LogLevel.Information, Message = "sending {Rate}/s to {Service} {Path}")]
    private static partial void LogStarted(ILogger logger, double rate, string service, string path);

    [LoggerMessage(EventId = 7102, EventName = "LoadProgress", Level = LogLevel.Information,
        Message = "requests so far: {Succeeded} ok, {Failed} failed, {Shed} shed (too many in flight), {Dropped} outcomes dropped")]
    private static partial void LogProgress(ILogger logger, long succeeded, long failed, long shed, long dropped);
}
