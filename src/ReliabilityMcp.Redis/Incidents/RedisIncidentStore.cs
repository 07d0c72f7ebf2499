using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReliabilityMcp.Core.Incidents;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Incidents;

/// <summary>
/// Incident memory in a Redis-protocol store: each incident a hash (JSON document plus its float32 vector), the
/// vectors also in a Redis 8 vector set (VADD/VSIM) whose attributes carry service, severity and start time for
/// FILTER, and in one vector set per service that a service-filtered search uses instead; outcomes are hashes
/// linked both ways (a RESOLVED_BY list on the incident, the incident id on the outcome).
/// </summary>
/// <remarks>
/// Search asks the vector set for more candidates than requested (<see cref="IncidentSearchOptions.CandidateMultiplier"/>),
/// reads their stored float vectors, documents and outcome links in one pipelined wave, and re-ranks them by the
/// exact cosine (the index may be quantised (q8) and HNSW is approximate; the stored vectors are neither); a second
/// wave reads the outcomes of the best k. Scores from the store are only used when a vector is missing,
/// converted by <see cref="SimilarityScale"/> after a probe tells Garnet (squared L2) from Redis 8 ((1+cos)/2).
/// </remarks>
public sealed class RedisIncidentStore(IStoreConnection store, IncidentKeys keys, IncidentSearchOptions options) : IIncidentStore
{
    private const int MaxCandidates = 1000;
    private static readonly TimeSpan IdempotencyRetention = TimeSpan.FromDays(30);
    private readonly ConcurrentDictionary<string, int> _links = new(StringComparer.Ordinal);
    private VectorScoreKind? _scoreKind;

    /// <summary>What the store's VSIM scores mean (known after <see cref="EnsureIndexAsync"/>).</summary>
    public VectorScoreKind? ScoreKind => _scoreKind;

    /// <inheritdoc />
    public async Task EnsureIndexAsync(IncidentIndexDescriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var json = JsonSerializer.Serialize(descriptor, IncidentJson.Options);
        var reply = await store.EvalAsync(IncidentScripts.EnsureIndex, [keys.Index], [json], cancellationToken).ConfigureAwait(false);
        var stored = JsonSerializer.Deserialize<IncidentIndexDescriptor>(reply.AsString() ?? "null", IncidentJson.Options);
        if (stored is null || stored != descriptor)
        {
            throw new IncidentIndexMismatchException(stored ?? new IncidentIndexDescriptor("unreadable", 0, "unknown", 0), descriptor);
        }

        _scoreKind ??= await ProbeScoreKindAsync(cancellationToken).ConfigureAwait(false);
        await EnsureServiceVectorsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts every stored incident into its service's vector set unless that was done (a store written before the
    /// per-service sets existed), then marks it done. Idempotent: replicas doing it at once add the same elements.
    /// </summary>
    private async Task EnsureServiceVectorsAsync(CancellationToken cancellationToken)
    {
        if ((await store.ExecuteAsync("EXISTS", [keys.ServiceVectorsComplete], cancellationToken).ConfigureAwait(false)).AsInt64() == 1)
        {
            return;
        }

        var cursor = "0";
        do
        {
            var page = (await store.ExecuteAsync("SCAN", [cursor, "MATCH", keys.IncidentPattern, "COUNT", 500], cancellationToken).ConfigureAwait(false)).AsSpan();
            cursor = page[0].AsString() ?? "0";
            var names = page[1].AsSpan().ToArray().Select(k => k.AsString()!).ToArray();
            var reads = names.Select(name => store.ExecuteAsync("HMGET", [name, "doc", "vec"], cancellationToken)).ToArray();
            var adds = new List<Task>(names.Length);
            foreach (var read in reads)
            {
                var fields = await read.ConfigureAwait(false);
                if (!fields[0].IsNull && !fields[1].IsNull
                    && JsonSerializer.Deserialize<Incident>(fields[0].AsBytes().Span, IncidentJson.Options) is { } incident)
                {
                    adds.Add(VAddAsync(keys.ServiceVectors(incident.Details.Service), incident.Id, fields[1].AsBytes().ToArray(), Attributes(incident), cancellationToken));
                }
            }

            foreach (var add in adds)
            {
                await add.ConfigureAwait(false);
            }
        }
        while (cursor != "0");

        await store.ExecuteAsync("SET", [keys.ServiceVectorsComplete, "1"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds two known vectors to a scratch set and reads the scores back: the only way to know what this store's
    /// VSIM scores mean without trusting its version string.
    /// </summary>
    public async Task<VectorScoreKind> ProbeScoreKindAsync(CancellationToken cancellationToken)
    {
        var probe = keys.Probe(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        try
        {
            await store.ExecuteAsync("VADD", [probe, "VALUES", 2, 1, 0, "x", "NOQUANT"], cancellationToken).ConfigureAwait(false);
            await store.ExecuteAsync("VADD", [probe, "VALUES", 2, 0, 1, "y", "NOQUANT"], cancellationToken).ConfigureAwait(false);
            var reply = await store.ExecuteAsync("VSIM", [probe, "VALUES", 2, 1, 0, "WITHSCORES", "COUNT", 2], cancellationToken).ConfigureAwait(false);
            var scores = ReadScores(reply);
            return SimilarityScale.Detect(scores["x"], scores["y"]);
        }
        finally
        {
            await store.ExecuteAsync("DEL", [probe], CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<RecordIncidentResult> RecordIncidentAsync(
        Incident incident, float[] vector, string? idempotencyKey, string contentDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentException.ThrowIfNullOrEmpty(contentDigest);
        var status = RecordStatus.Created;
        if (idempotencyKey is not null)
        {
            // Claim the key first: the id is derived from the key, so a retry after a crash between the claim and
            // the writes finds the claim, sees the incident missing, and completes the same record.
            var claimKey = keys.Idempotency(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey))));
            var claim = $"{incident.Id}|{contentDigest}";
            var set = await store.ExecuteAsync("SET", [claimKey, claim, "NX", "EX", (long)IdempotencyRetention.TotalSeconds], cancellationToken).ConfigureAwait(false);
            if (set.IsNull)
            {
                var existing = (await store.ExecuteAsync("GET", [claimKey], cancellationToken).ConfigureAwait(false)).AsString() ?? claim;
                var bar = existing.IndexOf('|', StringComparison.Ordinal);
                var existingId = existing[..bar];
                if (!string.Equals(existing[(bar + 1)..], contentDigest, StringComparison.Ordinal))
                {
                    return new RecordIncidentResult(existingId, RecordStatus.Conflict);
                }

                status = RecordStatus.Existing;
                var present = await store.ExecuteAsync("EXISTS", [keys.Incident(existingId)], cancellationToken).ConfigureAwait(false);
                if (present.AsInt64() == 1)
                {
                    return new RecordIncidentResult(existingId, status);
                }
            }
        }

        var blob = ToBytes(vector);
        var document = JsonSerializer.SerializeToUtf8Bytes(incident, IncidentJson.Options);
        // The hash before the vector: a search never finds a vector whose incident cannot be read.
        await store.ExecuteAsync("HSET", [keys.Incident(incident.Id), "doc", document, "vec", blob, "digest", contentDigest], cancellationToken)
            .ConfigureAwait(false);
        await AddVectorAsync(incident, blob, cancellationToken).ConfigureAwait(false);
        return new RecordIncidentResult(incident.Id, status);
    }

    /// <summary>Adds many incidents without idempotency keys, pipelined (seeding, benchmarks).</summary>
    public async Task AddManyAsync(IReadOnlyList<(Incident Incident, float[] Vector)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var blobs = items.Select(item => ToBytes(item.Vector)).ToArray();
        var pending = new List<ValueTask<RedisResult>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var incident = items[i].Incident;
            pending.Add(store.ExecuteAsync("HSET", [keys.Incident(incident.Id), "doc", JsonSerializer.SerializeToUtf8Bytes(incident, IncidentJson.Options), "vec", blobs[i], "digest", "bulk"], cancellationToken));
        }

        foreach (var write in pending)
        {
            await write.ConfigureAwait(false);
        }

        // The hashes before the vectors, as for one incident.
        await Task.WhenAll(items.Select((item, i) => AddVectorAsync(item.Incident, blobs[i], cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RecordOutcomeAsync(IncidentOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var incidentId = outcome.Details.IncidentId;
        var reply = await store.EvalAsync(
            IncidentScripts.LinkOutcome,
            [keys.Incident(incidentId), keys.Outcome(outcome.Id), keys.ResolvedBy(incidentId)],
            [JsonSerializer.SerializeToUtf8Bytes(outcome, IncidentJson.Options), incidentId, outcome.Id],
            cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SimilarIncident>> SearchAsync(float[] vector, IncidentSearchFilter filter, int k, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var candidates = await CandidatesAsync(vector, filter, k, cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return [];
        }

        // One pipelined wave reads every candidate's exact vector, document and outcome links (the documents are
        // small, and a second wave for the top k would cost more than the bytes), then only the top k are parsed.
        var reads = new ValueTask<RedisResult>[candidates.Count];
        var links = new ValueTask<RedisResult>[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            reads[i] = store.ExecuteAsync("HMGET", [keys.Incident(candidates[i].Id), "vec", "doc"], cancellationToken);
            links[i] = store.ExecuteAsync("LRANGE", [keys.ResolvedBy(candidates[i].Id), 0, -1], cancellationToken);
        }

        var ranked = new List<(int Index, double Similarity, RedisResult Doc, RedisResult Links)>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var fields = await reads[i].ConfigureAwait(false);
            var outcomeLinks = await links[i].ConfigureAwait(false);
            var blob = fields[0];
            var stored = blob.IsNull ? default : MemoryMarshal.Cast<byte, float>(blob.AsBytes().Span);
            var similarity = stored.Length == vector.Length ? Math.Clamp(VectorMath.Dot(vector, stored), 0, 1) : candidates[i].Similarity;
            if (!fields[1].IsNull)
            {
                ranked.Add((i, similarity, fields[1], outcomeLinks));
            }
        }

        ranked.Sort((a, b) => b.Similarity.CompareTo(a.Similarity) is var c && c != 0 ? c : string.CompareOrdinal(candidates[a.Index].Id, candidates[b.Index].Id));
        var top = ranked.Take(k).ToList();
        var incidents = new Incident?[top.Count];
        var outcomeIds = new List<string>[top.Count];
        for (var i = 0; i < top.Count; i++)
        {
            incidents[i] = JsonSerializer.Deserialize<Incident>(top[i].Doc.AsBytes().Span, IncidentJson.Options);
            outcomeIds[i] = top[i].Links.IsNull ? [] : [.. top[i].Links.AsArray().ToArray().Select(v => v.AsString()!)];
        }

        var outcomes = await ReadOutcomesAsync(outcomeIds.SelectMany(x => x).ToList(), cancellationToken).ConfigureAwait(false);
        var results = new List<SimilarIncident>(top.Count);
        for (var i = 0; i < top.Count; i++)
        {
            if (incidents[i] is { } incident)
            {
                results.Add(new SimilarIncident(incident, top[i].Similarity,
                    [.. outcomeIds[i].Select(id => outcomes.GetValueOrDefault(id)).OfType<IncidentOutcome>()]));
            }
        }

        return results;
    }

    /// <summary>
    /// The raw candidates of the vector index for <paramref name="vector"/> (id and similarity converted from the
    /// store's score), without re-ranking: what the benchmark compares with exact search.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, double Similarity)>> CandidatesAsync(
        float[] vector, IncidentSearchFilter filter, int k, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(filter);
        var count = Math.Min(MaxCandidates, Math.Max(k * options.CandidateMultiplier, k + options.MinimumCandidates));
        // A service filter picks that service's own set; severity and time remain attribute filters.
        var set = filter.Service is { } service ? keys.ServiceVectors(service) : keys.Vectors;
        var args = new List<object>
        {
            set, "FP32", ToBytes(vector), "WITHSCORES", "COUNT", count, "EF", Math.Max(options.Ef, count),
        };
        if (FilterExpression(filter with { Service = null }) is { } expression)
        {
            args.Add("FILTER");
            args.Add(expression);
        }

        var reply = await store.ExecuteAsync("VSIM", CollectionsMarshal.AsSpan(args), cancellationToken).ConfigureAwait(false);
        var kind = _scoreKind ?? await ProbeScoreKindAsync(cancellationToken).ConfigureAwait(false);
        _scoreKind = kind;
        var candidates = new List<(string, double)>();
        if (reply.IsNull)
        {
            return candidates;
        }

        var items = reply.AsSpan();
        if (reply.Resp3Type == ResultType.Map || (items.Length % 2 == 0))
        {
            for (var i = 0; i + 1 < items.Length; i += 2)
            {
                candidates.Add((items[i].AsString()!, SimilarityScale.ToSimilarity(items[i + 1].AsDouble(), kind)));
            }
        }

        return candidates;
    }

    /// <inheritdoc />
    public async Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken)
    {
        var doc = await store.ExecuteAsync("HGET", [keys.Incident(id), "doc"], cancellationToken).ConfigureAwait(false);
        return doc.IsNull ? null : JsonSerializer.Deserialize<Incident>(doc.AsBytes().Span, IncidentJson.Options);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IncidentOutcome>> GetOutcomesAsync(string incidentId, CancellationToken cancellationToken)
    {
        var ids = await store.ExecuteAsync("LRANGE", [keys.ResolvedBy(incidentId), 0, -1], cancellationToken).ConfigureAwait(false);
        var list = ids.IsNull ? [] : ids.AsArray().ToArray().Select(v => v.AsString()!).ToList();
        var outcomes = await ReadOutcomesAsync(list, cancellationToken).ConfigureAwait(false);
        return [.. list.Select(id => outcomes.GetValueOrDefault(id)).OfType<IncidentOutcome>()];
    }

    /// <inheritdoc />
    public async Task<string?> GetIncidentIdOfOutcomeAsync(string outcomeId, CancellationToken cancellationToken) =>
        (await store.ExecuteAsync("HGET", [keys.Outcome(outcomeId), "incident"], cancellationToken).ConfigureAwait(false)).AsString();

    /// <inheritdoc />
    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        (await store.ExecuteAsync("VCARD", [keys.Vectors], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>Whether the starter corpus has been loaded into this store (under this prefix) before.</summary>
    public async Task<bool> IsSeededAsync(CancellationToken cancellationToken) =>
        (await store.ExecuteAsync("EXISTS", [keys.Seeded], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <summary>Marks the starter corpus as loaded; false when another process (or an earlier run) already did.</summary>
    public async Task<bool> TryMarkSeededAsync(CancellationToken cancellationToken) =>
        !(await store.ExecuteAsync("SET", [keys.Seeded, "1", "NX"], cancellationToken).ConfigureAwait(false)).IsNull;

    /// <summary>The stored vector of an incident, or null.</summary>
    public async Task<float[]?> GetVectorAsync(string id, CancellationToken cancellationToken)
    {
        var blob = await store.ExecuteAsync("HGET", [keys.Incident(id), "vec"], cancellationToken).ConfigureAwait(false);
        return blob.IsNull ? null : MemoryMarshal.Cast<byte, float>(blob.AsBytes().Span).ToArray();
    }

    /// <summary>The VSIM FILTER expression for <paramref name="filter"/>; null when it restricts nothing.</summary>
    /// <remarks>Service names are validated against <c>^[a-z0-9][a-z0-9-]{0,62}$</c> first, so no quoting issue can arise.</remarks>
    internal static string? FilterExpression(IncidentSearchFilter filter)
    {
        var parts = new List<string>(3);
        if (filter.Service is { } service)
        {
            parts.Add($".service == \"{service}\"");
        }

        if (filter.Severity is { } severity)
        {
            parts.Add($".severity == \"{severity.ToWireName()}\"");
        }

        if (filter.Since is { } since)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $".ts >= {since.ToUnixTimeSeconds()}"));
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    private async Task<Dictionary<string, IncidentOutcome>> ReadOutcomesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var reads = new ValueTask<RedisResult>[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            reads[i] = store.ExecuteAsync("HGET", [keys.Outcome(ids[i]), "doc"], cancellationToken);
        }

        var outcomes = new Dictionary<string, IncidentOutcome>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var doc = await reads[i].ConfigureAwait(false);
            if (!doc.IsNull && JsonSerializer.Deserialize<IncidentOutcome>(doc.AsBytes().Span, IncidentJson.Options) is { } outcome)
            {
                outcomes[ids[i]] = outcome;
            }
        }

        return outcomes;
    }

    /// <summary>Adds the incident's vector to the set of all incidents and to its service's set, both sent before either is awaited.</summary>
    private Task AddVectorAsync(Incident incident, byte[] blob, CancellationToken cancellationToken)
    {
        var attributes = Attributes(incident);
        return Task.WhenAll(
            VAddAsync(keys.Vectors, incident.Id, blob, attributes, cancellationToken),
            VAddAsync(keys.ServiceVectors(incident.Details.Service), incident.Id, blob, attributes, cancellationToken));
    }

    /// <summary>The FILTER attributes of an incident's vector: service, severity and start (Unix seconds).</summary>
    private static string Attributes(Incident incident) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["service"] = incident.Details.Service,
        ["severity"] = incident.Details.Severity.ToWireName(),
        ["ts"] = incident.Details.StartedAt.ToUnixTimeSeconds(),
    });

    /// <summary>
    /// VADD with the configured quantisation, build EF and links. A set keeps the links (M) it was created with and
    /// the store refuses a VADD asking for others; a set created under another setting (an older default) is asked
    /// for its own (VINFO: Garnet's num-links, Redis's hnsw-m), remembered, and the VADD repeated with them.
    /// </summary>
    private async Task VAddAsync(string set, string id, byte[] blob, string attributes, CancellationToken cancellationToken)
    {
        var links = _links.TryGetValue(set, out var known) ? known : options.M;
        ValueTask<RedisResult> Add(int m) => store.ExecuteAsync("VADD",
            [set, "FP32", blob, id, options.Quantization == "noquant" ? "NOQUANT" : "Q8", "EF", options.BuildEf, "SETATTR", attributes, "M", m],
            cancellationToken);
        try
        {
            await Add(links).ConfigureAwait(false);
        }
        catch (StoreCommandException)
        {
            if (await LinksOfAsync(set, cancellationToken).ConfigureAwait(false) is not { } existing || existing == links)
            {
                throw;
            }

            _links[set] = existing;
            await Add(existing).ConfigureAwait(false);
        }
    }

    /// <summary>The links per node (M) the vector set <paramref name="set"/> was created with; null when it does not exist.</summary>
    private async Task<int?> LinksOfAsync(string set, CancellationToken cancellationToken)
    {
        var info = await store.ExecuteAsync("VINFO", [set], cancellationToken).ConfigureAwait(false);
        return LinksOf(info);
    }

    /// <summary>M from a VINFO reply: Garnet names it <c>num-links</c>, Redis 8 <c>hnsw-m</c>; null for a missing set.</summary>
    internal static int? LinksOf(RedisResult info)
    {
        foreach (var (field, value) in info.AsPairs())
        {
            if (field.AsString() is "num-links" or "hnsw-m")
            {
                return (int)value.AsInt64();
            }
        }

        return null;
    }

    private static Dictionary<string, double> ReadScores(RedisResult reply)
    {
        var items = reply.AsSpan();
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            scores[items[i].AsString()!] = items[i + 1].AsDouble();
        }

        return scores;
    }

    private static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
}
