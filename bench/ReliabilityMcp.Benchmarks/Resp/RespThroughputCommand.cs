using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Benchmarks.Resp;

/// <summary>
/// <c>resp-throughput</c>: starts one Garnet, drives it with our client and then with <c>redis-benchmark</c> using
/// the same key space, value size, concurrency and pipeline depth, and prints ops/s for both and our ratio.
/// </summary>
/// <remarks>
/// Like for like: redis-benchmark's <c>-c C -P P</c> keeps C×P requests in flight, each client sending P and
/// waiting for all P replies; our C callers do the same through one shared, multiplexed connection (the
/// production design) — or through <c>--connections</c> connections, callers spread round-robin. Keys are
/// redis-benchmark's own (<c>key:</c> + 12-digit random below <c>-r</c>), values are <c>-d</c> bytes of 'x'.
/// By default the store runs without <c>--aof-commit-wait</c>, so the numbers measure the clients rather than the
/// disk flush every acknowledged write waits for; <c>--durable</c> keeps the production flags.
/// </remarks>
internal static class RespThroughputCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = Settings.Parse(args);
        var redisBenchmark = FindOnPath("redis-benchmark");
        Console.WriteLine($"resp-throughput: ops={settings.Operations} clients={settings.Clients} pipeline={settings.Pipeline} " +
            $"value={settings.ValueSize}B keyspace={settings.KeySpace} connections={settings.Connections} vsim-ops={settings.VsimOperations} " +
            $"vectors={settings.Vectors}x{settings.Dimensions} durable={settings.Durable} rounds={settings.Rounds} cores={Environment.ProcessorCount}");

        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliabilitymcp-bench", $"garnet-{Guid.NewGuid():N}");
        var garnetOptions = new EmbeddedGarnetOptions { DataDirectory = dataDirectory, MemorySize = "1g", IndexSize = "64m" };
        if (!settings.Durable)
        {
            garnetOptions.ExtraArguments.Add("--aof-commit-wait");
            garnetOptions.ExtraArguments.Add("false");
        }

        var garnet = await EmbeddedGarnet.StartAsync(garnetOptions).ConfigureAwait(false);
        try
        {
            var connections = new RespConnection[settings.Connections];
            for (var i = 0; i < connections.Length; i++)
            {
                connections[i] = await RespConnection.ConnectAsync(StoreConnectionOptions.Parse(garnet.ConnectionString)).ConfigureAwait(false);
            }

            try
            {
                var keys = Enumerable.Range(0, settings.KeySpace)
                    .Select(i => Encoding.ASCII.GetBytes("key:" + i.ToString("D12", CultureInfo.InvariantCulture)))
                    .ToArray();
                var value = Encoding.ASCII.GetBytes(new string('x', settings.ValueSize));
                var query = VsimQuery(settings.Dimensions);
                await PreloadAsync(connections[0], keys, value, settings).ConfigureAwait(false);

                var warmup = settings with { Operations = Math.Min(settings.Operations, 50_000), VsimOperations = Math.Min(settings.VsimOperations, 1_000) };
                await RunOursAsync(connections, warmup, (c, r) => c.ExecuteAsync("SET", [keys[r.Next(keys.Length)], value]), warmup.Operations).ConfigureAwait(false);
                await RunOursAsync(connections, warmup, (c, r) => c.ExecuteAsync("GET", [keys[r.Next(keys.Length)]]), warmup.Operations).ConfigureAwait(false);
                await RunOursAsync(connections, warmup, (c, _) => c.ExecuteAsync("VSIM", query), warmup.VsimOperations).ConfigureAwait(false);

                var common = $"-h {garnet.Host} -p {garnet.Port} -a {garnet.Password} -c {settings.Clients} -P {settings.Pipeline}";
                var workloads = new (string Name, Func<RespConnection, Random, ValueTask<RespValue>> Ours, int Operations, string Theirs)[]
                {
                    ("SET", (c, r) => c.ExecuteAsync("SET", [keys[r.Next(keys.Length)], value]), settings.Operations,
                        $"{common} -n {settings.Operations} -d {settings.ValueSize} -r {settings.KeySpace} -t set --csv"),
                    ("GET", (c, r) => c.ExecuteAsync("GET", [keys[r.Next(keys.Length)]]), settings.Operations,
                        $"{common} -n {settings.Operations} -d {settings.ValueSize} -r {settings.KeySpace} -t get --csv"),
                    ($"VSIM k=10 ({settings.Vectors}x{settings.Dimensions})", (c, _) => c.ExecuteAsync("VSIM", query), settings.VsimOperations,
                        $"{common} -n {settings.VsimOperations} --csv VSIM {string.Join(' ', query.Select(a => a.ToString()))}"),
                };

                // Rounds alternate ours and theirs, so a burst of load from elsewhere on the machine hits both
                // alike; the table shows medians and the median of the per-round ratios.
                var rows = new List<(string Name, double Ours, double? Theirs, double? Ratio, double BytesPerOp)>();
                foreach (var (name, ours, operations, theirs) in workloads)
                {
                    var ourRates = new List<double>();
                    var theirRates = new List<double>();
                    var ratios = new List<double>();
                    var bytes = new List<double>();
                    for (var round = 0; round < settings.Rounds; round++)
                    {
                        var (rate, bytesPerOp) = await RunOursAsync(connections, settings, ours, operations).ConfigureAwait(false);
                        ourRates.Add(rate);
                        bytes.Add(bytesPerOp);
                        if (redisBenchmark is not null && await RunRedisBenchmarkAsync(redisBenchmark, theirs).ConfigureAwait(false) is { } theirRate)
                        {
                            theirRates.Add(theirRate);
                            ratios.Add(rate / theirRate);
                        }

                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {name} round {round + 1}: ours {rate:N0} ops/s, redis-benchmark {(theirRates.Count > round ? theirRates[^1].ToString("N0", CultureInfo.InvariantCulture) : "n/a")} ops/s"));
                    }

                    rows.Add((name, Median(ourRates), theirRates.Count > 0 ? Median(theirRates) : null, ratios.Count > 0 ? Median(ratios) : null, Median(bytes)));
                }

                Console.WriteLine();
                Console.WriteLine($"{"operation (median)",-26} {"ours ops/s",12} {"redis-benchmark",16} {"ratio",7} {"alloc B/op",11}");
                foreach (var (name, ours, theirs, ratio, bytesPerOp) in rows)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name,-26} {ours,12:N0} {(theirs is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "n/a"),16} {(ratio is { } q ? q.ToString("0.00", CultureInfo.InvariantCulture) : "n/a"),7} {bytesPerOp,11:N0}"));
                }

                if (redisBenchmark is null)
                {
                    Console.WriteLine("redis-benchmark was not found on PATH (apt-get install -y redis-tools); only our numbers are shown.");
                }
            }
            finally
            {
                foreach (var connection in connections)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
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

    private static RespArgument[] VsimQuery(int dimensions)
    {
        var random = new Random(7);
        var query = new List<RespArgument> { "VSIM", "bench:vectors", "VALUES", dimensions };
        query.AddRange(UnitVector(random, dimensions).Select(f => (RespArgument)f.ToString("0.####", CultureInfo.InvariantCulture)));
        query.Add("COUNT");
        query.Add(10);

        // ExecuteAsync takes the command name apart from its arguments.
        return [.. query.Skip(1)];
    }

    private static float[] UnitVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }

    private static async Task PreloadAsync(RespConnection connection, byte[][] keys, byte[] value, Settings settings)
    {
        var started = Stopwatch.GetTimestamp();
        const int Batch = 512;
        var pending = new List<ValueTask<RespValue>>(Batch);
        foreach (var key in keys)
        {
            pending.Add(connection.ExecuteAsync("SET", [key, value]));
            if (pending.Count == Batch)
            {
                await DrainAsync(pending).ConfigureAwait(false);
            }
        }

        var random = new Random(11);
        for (var i = 0; i < settings.Vectors; i++)
        {
            var arguments = new List<RespArgument> { "bench:vectors", "VALUES", settings.Dimensions };
            arguments.AddRange(UnitVector(random, settings.Dimensions).Select(f => (RespArgument)(double)f));
            arguments.Add("v" + i.ToString(CultureInfo.InvariantCulture));
            pending.Add(connection.ExecuteAsync("VADD", [.. arguments]));
            if (pending.Count == Batch)
            {
                await DrainAsync(pending).ConfigureAwait(false);
            }
        }

        await DrainAsync(pending).ConfigureAwait(false);
        Console.WriteLine($"preloaded {keys.Length} keys and {settings.Vectors} vectors in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    private static async Task DrainAsync(List<ValueTask<RespValue>> pending)
    {
        foreach (var task in pending)
        {
            await task.ConfigureAwait(false);
        }

        pending.Clear();
    }

    /// <summary>C callers, each sending P commands then awaiting all P, until <paramref name="operations"/> are done.</summary>
    private static async Task<(double OpsPerSecond, double BytesPerOp)> RunOursAsync(
        RespConnection[] connections, Settings settings, Func<RespConnection, Random, ValueTask<RespValue>> operation, int operations)
    {
        var perClient = operations / settings.Clients;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var clients = Enumerable.Range(0, settings.Clients).Select(client => Task.Run(async () =>
        {
            var connection = connections[client % connections.Length];
            var random = new Random(client);
            var batch = new ValueTask<RespValue>[settings.Pipeline];
            for (var done = 0; done < perClient; done += settings.Pipeline)
            {
                var count = Math.Min(settings.Pipeline, perClient - done);
                for (var i = 0; i < count; i++)
                {
                    batch[i] = operation(connection, random);
                }

                for (var i = 0; i < count; i++)
                {
                    var reply = await batch[i].ConfigureAwait(false);
                    if (reply.IsError)
                    {
                        throw new InvalidOperationException($"Unexpected reply {reply}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(clients).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = (double)perClient * settings.Clients;
        return (total / elapsed.TotalSeconds, (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / total);
    }

    private static async Task<double?> RunRedisBenchmarkAsync(string path, string arguments)
    {
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start redis-benchmark.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        _ = await stderr.ConfigureAwait(false);

        // CSV: "test","rps","avg_latency_ms",... one row per test.
        var row = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith("\"test\"", StringComparison.Ordinal));
        if (row is null)
        {
            Console.WriteLine($"redis-benchmark printed no result: {output}");
            return null;
        }

        var fields = row.Split("\",\"");
        return double.Parse(fields[1].Trim('"'), CultureInfo.InvariantCulture);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private sealed record Settings(
        int Operations, int Clients, int Pipeline, int ValueSize, int KeySpace, int Connections,
        int VsimOperations, int Vectors, int Dimensions, bool Durable, int Rounds)
    {
        public static Settings Parse(string[] args)
        {
            var settings = new Settings(1_000_000, 50, 16, 100, 100_000, 1, 20_000, 10_000, 16, false, 3);
            for (var i = 0; i < args.Length; i++)
            {
                int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
                settings = args[i] switch
                {
                    "--ops" or "-n" => settings with { Operations = Next() },
                    "--clients" or "-c" => settings with { Clients = Next() },
                    "--pipeline" or "-P" => settings with { Pipeline = Next() },
                    "--value-size" or "-d" => settings with { ValueSize = Next() },
                    "--keyspace" or "-r" => settings with { KeySpace = Next() },
                    "--connections" => settings with { Connections = Next() },
                    "--vsim-ops" => settings with { VsimOperations = Next() },
                    "--vectors" => settings with { Vectors = Next() },
                    "--dim" => settings with { Dimensions = Next() },
                    "--durable" => settings with { Durable = true },
                    "--rounds" => settings with { Rounds = Next() },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --ops --clients --pipeline --value-size --keyspace --connections --vsim-ops --vectors --dim --durable --rounds."),
                };
            }

            return settings;
        }
    }
}
