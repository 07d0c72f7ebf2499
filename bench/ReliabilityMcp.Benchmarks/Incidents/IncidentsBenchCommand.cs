using System.Diagnostics;
using System.Globalization;
using ReliabilityMcp.Core.Incidents;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Incidents;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Benchmarks.Incidents;

/// <summary>
/// <c>incidents --size N</c>: incident memory at scale on a real Garnet (production flags, AOF with commit wait).
/// Inserts N generated incidents through <see cref="IncidentMemory.RecordIncidentAsync(NewIncident, string, string?, CancellationToken)"/> (validate, embed, store,
/// index: what record_incident does below the MCP layer) with C concurrent callers, gives a third of them an
/// outcome, then measures <see cref="IncidentMemory.FindSimilarAsync"/> (the find_similar_incidents path below
/// MCP: embed, VSIM, exact re-rank, documents and outcomes) call by call, and recall@5 of its results against an
/// exact brute-force search over the same vectors (kept in this process).
/// </summary>
internal static class IncidentsBenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var s = Settings.Parse(args);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"incidents: size={s.Size} queries={s.Queries} ef={string.Join(',', s.Efs)} multiplier={s.Multiplier} quant={s.Quantization} build-ef={s.BuildEf} m={s.M} insert-concurrency={s.Concurrency} cores={Environment.ProcessorCount}"));
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliabilitymcp-bench", $"garnet-{Guid.NewGuid():N}");
        var garnet = await EmbeddedGarnet.StartAsync(new EmbeddedGarnetOptions { DataDirectory = dataDirectory, MemorySize = "2g", IndexSize = "128m" }).ConfigureAwait(false);
        try
        {
            await using var connection = await StoreConnection.ConnectAsync(
                garnet.ConnectionString + ",commandTimeout=60000").ConfigureAwait(false);
            var keys = new IncidentKeys(new StoreKeys("bench"));
            var options = new IncidentSearchOptions { Ef = s.Efs[0], CandidateMultiplier = s.Multiplier, Quantization = s.Quantization, BuildEf = s.BuildEf, M = s.M };
            var store = new RedisIncidentStore(connection, keys, options);
            var vectorizer = IncidentVectorizer.CreateHashing();
            var memory = new IncidentMemory(store, vectorizer, TimeProvider.System);
            var generator = new SyntheticIncidents(42);

            // Insert.
            var incidents = Enumerable.Range(0, s.Size).Select(_ => generator.Next()).ToArray();
            var ids = new string[s.Size];
            var vectors = new float[s.Size][];
            var measured = Math.Min(s.Size, s.MeasuredInserts);
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, s.Concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < measured)
                {
                    ids[i] = (await memory.RecordIncidentAsync(incidents[i], "bench", null, CancellationToken.None).ConfigureAwait(false)).Id;
                }
            }))).ConfigureAwait(false);
            var insertSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"insert: {measured} incidents in {insertSeconds:0.0} s = {measured / insertSeconds:N0} incidents/s (RecordIncidentAsync, {s.Concurrency} concurrent callers)"));

            // The rest is bulk-loaded (pipelined HSET then VADD batches): the index is what is measured below, not how it was filled.
            started = Stopwatch.GetTimestamp();
            const int Batch = 1000;
            for (var from = measured; from < s.Size; from += Batch)
            {
                var batch = new List<(Incident, float[])>(Batch);
                for (var i = from; i < Math.Min(s.Size, from + Batch); i++)
                {
                    ids[i] = $"inc-{i:x16}";
                    batch.Add((new Incident(ids[i], incidents[i], DateTimeOffset.UtcNow, "bench"), await vectorizer.VectorizeAsync(incidents[i], CancellationToken.None).ConfigureAwait(false)));
                }

                await store.AddManyAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }

            if (s.Size > measured)
            {
                var bulkSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bulk load: {s.Size - measured} incidents in {bulkSeconds:0.0} s = {(s.Size - measured) / bulkSeconds:N0} incidents/s (pipelined batches of {Batch})"));
            }

            for (var i = 0; i < s.Size; i++)
            {
                vectors[i] = await vectorizer.VectorizeAsync(incidents[i], CancellationToken.None).ConfigureAwait(false);
            }

            var outcomes = 0;
            for (var i = 0; i < s.Size; i += 3)
            {
                await memory.RecordOutcomeAsync(generator.OutcomeFor(ids[i]), "bench", CancellationToken.None).ConfigureAwait(false);
                outcomes++;
            }

            Console.WriteLine($"outcomes: {outcomes} recorded; index size {await store.CountAsync(CancellationToken.None).ConfigureAwait(false)}");

            var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

            // Search: latency and recall, unfiltered and filtered by service.
            foreach (var ef in s.Efs)
            foreach (var filtered in new[] { false, true })
            {
                options.Ef = ef;
                var queryGenerator = new SyntheticIncidents(filtered ? 8 : 7);
                var queries = Enumerable.Range(0, s.Queries)
                    .Select(q => queryGenerator.Query(filtered ? SyntheticIncidents.ServiceNames[q % SyntheticIncidents.ServiceNames.Count] : null)).ToArray();
                for (var w = 0; w < Math.Min(200, queries.Length); w++)
                {
                    await memory.FindSimilarAsync(queries[w], CancellationToken.None).ConfigureAwait(false);
                }

                var ticks = new long[queries.Length];
                var served = new IReadOnlyList<SimilarIncident>[queries.Length];
                for (var q = 0; q < queries.Length; q++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    served[q] = (await memory.FindSimilarAsync(queries[q], CancellationToken.None).ConfigureAwait(false)).Incidents;
                    ticks[q] = Stopwatch.GetTimestamp() - t0;
                }

                double hits = 0, rawHits = 0;
                var raw = new RedisIncidentStore(connection, keys, new IncidentSearchOptions { Ef = ef, CandidateMultiplier = 1, MinimumCandidates = 0, Quantization = s.Quantization });
                for (var q = 0; q < queries.Length; q++)
                {
                    var queryVector = await vectorizer.VectorizeAsync(queries[q], CancellationToken.None).ConfigureAwait(false);
                    var exact = new List<float>(s.Size);
                    for (var i = 0; i < s.Size; i++)
                    {
                        if (queries[q].Service is null || incidents[i].Service == queries[q].Service)
                        {
                            exact.Add(VectorMath.Dot(queryVector, vectors[i]));
                        }
                    }

                    exact.Sort((a, b) => b.CompareTo(a));
                    // Ties at the 5th place count as hits: any of the tied incidents is an exact answer.
                    var threshold = exact[Math.Min(4, exact.Count - 1)] - 1e-5f;
                    hits += served[q].Take(5).Count(f => VectorMath.Dot(queryVector, vectors[index[f.Incident.Id]]) >= threshold);
                    var candidates = await raw.CandidatesAsync(queryVector, new IncidentSearchFilter(queries[q].Service, null, null), 5, CancellationToken.None).ConfigureAwait(false);
                    rawHits += candidates.Take(5).Count(c => VectorMath.Dot(queryVector, vectors[index[c.Id]]) >= threshold);
                }

                Array.Sort(ticks);
                double Ms(double p) => ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(p * ticks.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
                var label = $"ef={ef} " + (filtered ? "filtered by service" : "unfiltered");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"search {label}: p50 {Ms(0.50):0.000} ms, p90 {Ms(0.90):0.000} ms, p99 {Ms(0.99):0.000} ms, max {Ms(1.0):0.000} ms over {queries.Length} queries (k=5, outcomes included)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"recall@5 {label}: served {hits / (5.0 * queries.Length):0.0000}; raw VSIM top-5 without re-rank {rawHits / (5.0 * queries.Length):0.0000}"));
            }

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

    private sealed record Settings(int Size, int Queries, int[] Efs, int Multiplier, string Quantization, int Concurrency, int MeasuredInserts, int BuildEf, int M)
    {
        public static Settings Parse(string[] args)
        {
            var defaults = new IncidentSearchOptions();
            var settings = new Settings(10_000, 1_000, [defaults.Ef], defaults.CandidateMultiplier, defaults.Quantization, 16, 10_000, defaults.BuildEf, defaults.M);
            for (var i = 0; i < args.Length; i++)
            {
                settings = args[i] switch
                {
                    "--size" => settings with { Size = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--queries" => settings with { Queries = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--ef" => settings with { Efs = [.. args[++i].Split(',').Select(e => int.Parse(e, CultureInfo.InvariantCulture))] },
                    "--measured-inserts" => settings with { MeasuredInserts = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--multiplier" => settings with { Multiplier = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--quant" => settings with { Quantization = args[++i] },
                    "--concurrency" => settings with { Concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--build-ef" => settings with { BuildEf = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--m" => settings with { M = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --size N --queries N --ef N[,N...] --multiplier N --quant q8|noquant --build-ef N --m N --concurrency C --measured-inserts N."),
                };
            }

            return settings;
        }
    }
}
