using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Redis.Slo;
using ReliabilityMcp.Server.Slo;

namespace ReliabilityMcp.Benchmarks.Slo;

/// <summary>
/// <c>slo [--services 50] [--batches 400] [--batch-size 1000] [--concurrency 4] [--calls 200]</c>: on a real
/// embedded Garnet, (1) telemetry ingestion in events/s through <see cref="SloService.IngestAsync"/> (validation,
/// aggregation, one Lua call per batch), each event a single request outcome, batches sent by C concurrent senders
/// over the one multiplexed connection; (2) the latency of <c>slo_status</c> for every service (the query plus the
/// JSON the tool returns, below the MCP transport) with every window populated: minute buckets for 6 h, hour
/// buckets for 3 d, day buckets for 30 d; once as a replica that read the same minute before with nothing ingested
/// since (one GET per service), once as a replica reading every bucket (the first read after an ingest).
/// </summary>
internal static class SloCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var services = Arg(args, "--services", 50);
        var batches = Arg(args, "--batches", 400);
        var batchSize = Arg(args, "--batch-size", 1000);
        var concurrency = Arg(args, "--concurrency", 4);
        var calls = Arg(args, "--calls", 200);
        Console.WriteLine($"slo: services={services} batches={batches} batch-size={batchSize} concurrency={concurrency} calls={calls} cores={Environment.ProcessorCount}");

        var names = Enumerable.Range(0, services).Select(i => $"svc-{i:D3}").ToArray();
        var config = new ReliabilityConfiguration
        {
            Services = names.ToDictionary(n => n, _ => new ServiceNode(), StringComparer.Ordinal),
            Slos = new SloSettings
            {
                Objectives = [.. names.Select(n => new SloDefinition { Service = n, Name = $"{n}-availability", Objective = 99.9, MinEvents = 100 })],
            },
        };
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliabilitymcp-bench", $"garnet-{Guid.NewGuid():N}");
        var garnet = await EmbeddedGarnet.StartAsync(new EmbeddedGarnetOptions { DataDirectory = dataDirectory, MemorySize = "1g" }).ConfigureAwait(false);
        try
        {
            await using var connection = await StoreConnection.ConnectAsync(garnet.ConnectionString).ConfigureAwait(false);
            var source = new FixedConfigurationSource(config);
            var storeKeys = new StoreKeys($"bench{Guid.NewGuid():N}");
            var slo = new SloService(source, new RedisSloStore(connection, storeKeys), TimeProvider.System);
            var now = DateTimeOffset.UtcNow;

            // Ingestion: batches prepared up front so the clock measures ingestion, not test-data generation.
            var prepared = Enumerable.Range(0, batches + (batches / 10)).Select(b => new TelemetryBatch
            {
                BatchId = $"bench-{b}",
                Events = [.. Enumerable.Range(0, batchSize).Select(i => new TelemetryEvent
                {
                    Service = names[(b + i) % names.Length], Timestamp = now.AddSeconds(-((b * 7 + i) % 600)), Success = i % 200 != 0,
                })],
            }).ToArray();
            await SendAsync(slo, prepared[batches..], concurrency).ConfigureAwait(false); // warm-up (JIT, script cache)
            var watch = Stopwatch.StartNew();
            await SendAsync(slo, prepared[..batches], concurrency).ConfigureAwait(false);
            watch.Stop();
            var eventsPerSecond = batches * (double)batchSize / watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingest, mixed batches ({services} services x 10 min each): {batches * (long)batchSize:N0} events in {watch.Elapsed.TotalMilliseconds:0} ms = {eventsPerSecond:N0} events/s; target >= 50,000: {(eventsPerSecond >= 50_000 ? "met" : "NOT met")}"));

            // The same events without the store: what validation and aggregation cost on their own.
            watch.Restart();
            foreach (var batch in prepared[..batches])
            {
                _ = TelemetryAggregator.Aggregate(batch, config.Slos, now);
            }

            watch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  of which validation + aggregation alone: {batches * (double)batchSize / watch.Elapsed.TotalSeconds:N0} events/s"));

            // A sender's usual batch: one service, one minute of request outcomes.
            var perService = Enumerable.Range(0, batches).Select(b => new TelemetryBatch
            {
                BatchId = $"svc-batch-{b}",
                Events = [.. Enumerable.Range(0, batchSize).Select(i => new TelemetryEvent
                {
                    Service = names[b % names.Length], Timestamp = now.AddSeconds(-(i % 60)), Success = i % 200 != 0,
                })],
            }).ToArray();
            watch.Restart();
            await SendAsync(slo, perService, concurrency).ConfigureAwait(false);
            watch.Stop();
            var perServiceRate = batches * (double)batchSize / watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingest, per-service batches (1 service x ~1 min each): {perServiceRate:N0} events/s; target >= 50,000: {(perServiceRate >= 50_000 ? "met" : "NOT met")}"));

            // slo_status: every tier of every service populated (one batch per service: minutes for 6 h, hours for 30 d).
            foreach (var name in names)
            {
                var events = Enumerable.Range(0, 360).Select(m => new TelemetryEvent { Service = name, Timestamp = now.AddMinutes(-m), Total = 1000, Good = 999 })
                    .Concat(Enumerable.Range(6, 714).Select(h => new TelemetryEvent { Service = name, Timestamp = now.AddHours(-h), Total = 60_000, Good = 59_950 }));
                await slo.IngestAsync(new TelemetryBatch { BatchId = $"seed-{name}", Events = [.. events] }, CancellationToken.None).ConfigureAwait(false);
            }

            var query = new SloStatusQuery(slo, TimeProvider.System);
            var check = await query.ReadAsync(null, detail: false, CancellationToken.None).ConfigureAwait(false);
            if (check.Slos.Count != services || check.StoreProblem is not null || check.Slos.Any(s => s.TotalEvents == 0))
            {
                Console.Error.WriteLine("slo_status check failed: not every SLO has data.");
                return 1;
            }

            // Unchanged: nothing ingested since this replica's last read in the same minute (one GET per service).
            // Fresh: a replica that has read nothing yet, the cost of every read after an ingest (all the buckets).
            Report($"slo_status({services} services), unchanged since the last read", await MeasureAsync(() => query, calls).ConfigureAwait(false));
            Report($"slo_status({services} services), fresh read of every bucket",
                await MeasureAsync(() => new SloStatusQuery(new SloService(source, new RedisSloStore(connection, storeKeys), TimeProvider.System), TimeProvider.System), calls).ConfigureAwait(false));
            return 0;
        }
        finally
        {
            await garnet.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static async Task<double[]> MeasureAsync(Func<SloStatusQuery> query, int calls)
    {
        for (var i = 0; i < 20; i++)
        {
            await StatusAsync(query()).ConfigureAwait(false);
        }

        var samples = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var q = query();
            var start = Stopwatch.GetTimestamp();
            await StatusAsync(q).ConfigureAwait(false);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples;
    }

    private static void Report(string what, double[] samples)
    {
        double P(double q) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(q * samples.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {P(0.5):0.00} ms, p90 {P(0.9):0.00} ms, p99 {P(0.99):0.00} ms, max {samples[^1]:0.00} ms; target < 50 ms: {(P(0.99) < 50 ? "met at p99" : P(0.5) < 50 ? "met at p50, NOT at p99" : "NOT met")}"));
    }

    private static async Task StatusAsync(SloStatusQuery query)
    {
        var result = await query.ReadAsync(null, detail: false, CancellationToken.None).ConfigureAwait(false);
        _ = JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions);
    }

    private static async Task SendAsync(SloService slo, TelemetryBatch[] batches, int concurrency)
    {
        var next = -1;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Length)
            {
                var result = await slo.IngestAsync(batches[i], CancellationToken.None).ConfigureAwait(false);
                if (!result.Accepted)
                {
                    throw new InvalidOperationException($"batch {batches[i].BatchId} was not accepted: {string.Join(" ", result.Errors)}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync))).ConfigureAwait(false);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
