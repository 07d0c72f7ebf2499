using System.Diagnostics;
using System.Globalization;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Guardrails;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Benchmarks.Policies;

/// <summary>
/// <c>policies-latency</c>: the latency distribution of <see cref="PolicyService.EvaluateAsync"/> (the whole
/// evaluate_policies path below the MCP layer: one Lua read of every policy's counters on a real Garnet, then
/// <see cref="PolicyEvaluator.Evaluate"/>) measured call by call with <see cref="Stopwatch"/> ticks, after warm-up.
/// The evaluator alone is measured the same way in the same run, so the store's share is visible.
/// </summary>
/// <remarks>
/// <c>--concurrency C</c> runs C callers over the one shared, multiplexed connection (as the server's concurrent
/// requests do); each call's own latency is recorded, so queueing behind other callers shows in the tail.
/// </remarks>
internal static class PoliciesLatencyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = Settings.Parse(args);
        Console.WriteLine($"policies-latency: calls={settings.Calls} warmup={settings.Warmup} concurrency={string.Join(',', settings.Concurrency)} cores={Environment.ProcessorCount}");

        var configuration = ShippedPolicies.Load();
        var snapshot = ShippedPolicies.TypicalSnapshot();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliabilitymcp-bench", $"garnet-{Guid.NewGuid():N}");
        var garnet = await EmbeddedGarnet.StartAsync(new EmbeddedGarnetOptions { DataDirectory = dataDirectory }).ConfigureAwait(false);
        try
        {
            await using var connection = await StoreConnection.ConnectAsync(garnet.ConnectionString).ConfigureAwait(false);
            var keys = new StoreKeys("bench");
            var sut = new PolicyService(new FixedConfigurationSource(configuration), new RedisGuardCounterStore(connection, keys), TimeProvider.System);
            await SeedAsync(connection, keys).ConfigureAwait(false);
            await CheckAsync(sut, snapshot).ConfigureAwait(false);

            var policies = configuration.Policies;
            var counters = policies.ToDictionary(p => p.Name, _ => ExecutionCounter.Empty, StringComparer.Ordinal);
            var rows = new List<(string Name, Stats Stats)>();
            foreach (var concurrency in settings.Concurrency)
            {
                await MeasureAsync(settings.Warmup, concurrency, () => sut.EvaluateAsync(ShippedPolicies.Service, snapshot, CancellationToken.None).AsValueTaskOfObject()).ConfigureAwait(false);
                rows.Add(($"PolicyService.EvaluateAsync c={concurrency}",
                    await MeasureAsync(settings.Calls, concurrency, () => sut.EvaluateAsync(ShippedPolicies.Service, snapshot, CancellationToken.None).AsValueTaskOfObject()).ConfigureAwait(false)));
            }

            ValueTask<object?> EvaluateOnly() => ValueTask.FromResult<object?>(PolicyEvaluator.Evaluate(
                policies, ShippedPolicies.Service, snapshot, p => counters.GetValueOrDefault(p.Name) ?? ExecutionCounter.Empty, DateTimeOffset.UtcNow));
            await MeasureAsync(settings.Warmup, 1, EvaluateOnly).ConfigureAwait(false);
            rows.Add(("PolicyEvaluator.Evaluate c=1", await MeasureAsync(settings.Calls, 1, EvaluateOnly).ConfigureAwait(false)));

            Console.WriteLine();
            Console.WriteLine($"{"path",-36} {"calls/s",10} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"max ms",8} {"alloc B/call",13}");
            foreach (var (name, s) in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-36} {s.CallsPerSecond,10:N0} {s.P50,8:0.000} {s.P90,8:0.000} {s.P99,8:0.000} {s.P999,9:0.000} {s.Max,8:0.000} {s.BytesPerCall,13:N0}"));
            }

            var sequential = rows[0].Stats;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target p99 <= 1 ms in process (c=1): {(sequential.P99 <= 1.0 ? "met" : "NOT met")} ({sequential.P99:0.000} ms)"));
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

        return 0;
    }

    /// <summary>
    /// State as after some activity, written in the layout the guard's scripts use: latency-circuit-breaker ran twice
    /// on checkout this hour and is cooling down, so the read returns non-empty windows and a cooldown to parse.
    /// </summary>
    private static async Task SeedAsync(StoreConnection connection, StoreKeys keys)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        const string Key = "policy:latency-circuit-breaker";
        await connection.ExecuteAsync("ZADD", [keys.GuardExecutions(Key, ShippedPolicies.Service), now - 1_200_000, "bench-1", now - 600_000, "bench-2"]).ConfigureAwait(false);
        await connection.ExecuteAsync("SET", [keys.GuardCooldown(Key, ShippedPolicies.Service), now + 3_600_000]).ConfigureAwait(false);
    }

    /// <summary>Fails loudly unless the measured path returns what the server would (store read, expected statuses).</summary>
    private static async Task CheckAsync(PolicyService sut, TelemetrySnapshot snapshot)
    {
        var (evaluation, problem) = await sut.EvaluateAsync(ShippedPolicies.Service, snapshot, CancellationToken.None).ConfigureAwait(false);
        var cooling = evaluation.Others.FirstOrDefault(o => o.Name == "latency-circuit-breaker");
        if (problem is not null || !evaluation.CounterStateKnown || evaluation.Matched.Count != 1
            || evaluation.Matched[0].Name != "high-latency-restart" || cooling is not { Status: PolicyStatus.CoolingDown, ExecutionsLastHour: 2 })
        {
            throw new InvalidOperationException(
                $"Unexpected evaluation: problem={problem ?? "none"} known={evaluation.CounterStateKnown} matched=[{string.Join(',', evaluation.Matched.Select(m => m.Name))}] " +
                $"others=[{string.Join(',', evaluation.Others.Select(o => $"{o.Name}:{o.Status}"))}]");
        }

        Console.WriteLine($"check: matched=[{evaluation.Matched[0].Name}], others=[{string.Join(", ", evaluation.Others.Select(o => $"{o.Name}:{o.Status}"))}]");
    }

    private static async Task<Stats> MeasureAsync(int calls, int concurrency, Func<ValueTask<object?>> call)
    {
        var perCaller = calls / concurrency;
        var ticks = new long[perCaller * concurrency];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var callers = Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                _ = await call().ConfigureAwait(false);
                ticks[(caller * perCaller) + i] = Stopwatch.GetTimestamp() - t0;
            }
        })).ToArray();
        await Task.WhenAll(callers).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)ticks.Length;
        Array.Sort(ticks);
        double Ms(double q) => ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(q * ticks.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new Stats(ticks.Length / elapsed.TotalSeconds, Ms(0.50), Ms(0.90), Ms(0.99), Ms(0.999), Ms(1.0), bytes);
    }

    private static async ValueTask<object?> AsValueTaskOfObject<T>(this Task<T> task) => await task.ConfigureAwait(false);

    private sealed record Stats(double CallsPerSecond, double P50, double P90, double P99, double P999, double Max, double BytesPerCall);

    private sealed record Settings(int Calls, int Warmup, int[] Concurrency)
    {
        public static Settings Parse(string[] args)
        {
            var settings = new Settings(20_000, 5_000, [1, 16]);
            for (var i = 0; i < args.Length; i++)
            {
                settings = args[i] switch
                {
                    "--calls" or "-n" => settings with { Calls = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--warmup" => settings with { Warmup = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--concurrency" or "-c" => settings with
                    {
                        Concurrency = [.. args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
                    },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --calls N --warmup N --concurrency C[,C...]."),
                };
            }

            return settings;
        }
    }
}
