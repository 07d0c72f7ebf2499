using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Slo;

/// <summary>
/// SLO counters in the Redis-protocol store (layout: <see cref="SloKeys"/>). A batch is one Lua call that records
/// its id (SET NX) and adds every increment to its minute, five-minute, hour and day buckets, so duplicates count
/// once, late events land in their own buckets, and replicas ingesting concurrently add up exactly (the script's
/// read-add-write of each block is atomic).
/// Reading one service is at most 12 pipelined HMGETs whatever the windows, and about four one-field reads while nothing changed (see ReadAsync).
/// </summary>
public sealed class RedisSloStore : ISloCounterStore, IGuardDecisionObserver
{
    private readonly IStoreConnection _store;
    private readonly SloKeys _keys;
    private readonly ConcurrentDictionary<string, CachedRead> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Dictionary<string, long[]>> _settledDays = new();

    /// <summary>Creates the store under <paramref name="keys"/>' prefix.</summary>
    public RedisSloStore(IStoreConnection store, StoreKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _keys = new SloKeys(keys.Prefix);
    }

    /// <summary>Most (SLO, minute) increments written by one script call: bounds how long one call holds the store.</summary>
    internal const int MaxIncrementsPerCall = 256;

    /// <summary>Days of day blocks whose version tokens a remembered read is checked against, at least.</summary>
    private const int VersionDays = 4;

    /// <inheritdoc />
    /// <remarks>
    /// Large batches are written in chunks of <see cref="MaxIncrementsPerCall"/> increments, each deduplicated on its
    /// own id (<c>batch#chunk/chunks</c>) in a stable order, so a retried batch still counts exactly once, and a retry
    /// after a failure part-way completes only the chunks that are missing.
    /// </remarks>
    public async Task<bool> IngestAsync(string batchId, IReadOnlyList<SloIncrement> increments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentNullException.ThrowIfNull(increments);
        if (increments.Count <= MaxIncrementsPerCall)
        {
            return await IngestChunkAsync(batchId, increments, cancellationToken).ConfigureAwait(false);
        }

        var ordered = increments.OrderBy(i => i.Service, StringComparer.Ordinal).ThenBy(i => i.Slo, StringComparer.Ordinal).ThenBy(i => i.Minute).ToArray();
        var chunks = (ordered.Length + MaxIncrementsPerCall - 1) / MaxIncrementsPerCall;
        var stored = false;
        for (var c = 0; c < chunks; c++)
        {
            var chunk = ordered.AsSpan(c * MaxIncrementsPerCall, Math.Min(MaxIncrementsPerCall, ordered.Length - (c * MaxIncrementsPerCall))).ToArray();
            stored |= await IngestChunkAsync(string.Create(CultureInfo.InvariantCulture, $"{batchId}#{c}/{chunks}"), chunk, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    private async Task<bool> IngestChunkAsync(string batchId, IReadOnlyList<SloIncrement> increments, CancellationToken cancellationToken)
    {
        var blocks = new Dictionary<string, int>(StringComparer.Ordinal);
        var blockTtls = new List<long>();
        var fields = new Dictionary<(int Block, string Field), long>();
        foreach (var inc in increments)
        {
            foreach (var tier in SloKeys.Tiers)
            {
                var slot = tier.Resolution switch
                {
                    SloResolution.Minute => inc.Minute,
                    SloResolution.FiveMinutes => inc.Minute / 5,
                    SloResolution.Hour => inc.Minute / 60,
                    _ => inc.Minute / 1440,
                };
                var key = _keys.Block(tier, inc.Service, slot / tier.SlotsPerBlock);
                if (!blocks.TryGetValue(key, out var index))
                {
                    index = blocks.Count;
                    blocks.Add(key, index);
                    blockTtls.Add((long)tier.Retention.TotalMilliseconds);
                }

                Add(fields, (index, SloKeys.Field(inc.Slo, 't', slot % tier.SlotsPerBlock)), inc.Counts.Total);
                Add(fields, (index, SloKeys.Field(inc.Slo, 'g', slot % tier.SlotsPerBlock)), inc.Counts.Good);
            }
        }

        var keyArgs = new RedisKey[1 + blocks.Count];
        keyArgs[0] = _keys.Batch(batchId);
        foreach (var (key, index) in blocks)
        {
            keyArgs[1 + index] = key;
        }

        // Per block (in KEYS order): its field count, then its (field, increment) pairs.
        var perBlock = new List<(string Field, long Value)>[blocks.Count];
        foreach (var ((block, field), value) in fields)
        {
            (perBlock[block] ??= []).Add((field, value));
        }

        var args = new List<RedisValue>(3 + (blocks.Count * 2) + (fields.Count * 2))
        {
            (long)SloKeys.BatchRetention.TotalMilliseconds,
            blocks.Count,
            Guid.NewGuid().ToString("N"),
        };
        args.AddRange(blockTtls.Select(ttl => (RedisValue)ttl));
        foreach (var list in perBlock)
        {
            args.Add(list?.Count ?? 0);
            foreach (var (field, value) in list ?? [])
            {
                args.Add(field);
                args.Add(value);
            }
        }

        var reply = await _store.EvalAsync(SloScripts.Ingest, keyArgs, CollectionsMarshal.AsSpan(args), cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A read is remembered per service for the minute it was made in, with the version tokens of the service's day
    /// blocks it depends on. The windows only move when the minute does, and every ingest, on any replica, writes a new
    /// token into each block it touches; every bucket a read uses lies in a day whose day bucket the same ingest writes
    /// (the day span checked covers the SLO windows and the 3-day burn window). So while the minute and the tokens match,
    /// the remembered read is exactly what reading the buckets again would return, and about four one-field reads
    /// replace about 470 bucket reads per SLO. The tokens are read before the buckets, so a write landing in between
    /// makes the next read refresh rather than be missed.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, SloObservation>> ReadAsync(
        string service, IReadOnlyList<SloDefinition> slos, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(slos);
        var minute = SloWindow.SlotOf(now, SloResolution.Minute);
        var versions = ReadVersions(service, slos, now, cancellationToken);
        if (_reads.TryGetValue(service, out var cached) && cached.Minute == minute && cached.Covers(slos))
        {
            var current = await VersionsOf(versions).ConfigureAwait(false);
            if (current.AsSpan().SequenceEqual(cached.Versions))
            {
                return cached.Observations;
            }

            return Remember(service, new CachedRead(minute, slos, current,
                await ReadBucketsAsync(service, slos, now, cancellationToken).ConfigureAwait(false)));
        }

        // Issued before the versions are awaited, so the connection pipelines them behind those reads.
        var buckets = ReadBucketsAsync(service, slos, now, cancellationToken);
        var read = VersionsOf(versions);
        return Remember(service, new CachedRead(minute, slos, await read.ConfigureAwait(false), await buckets.ConfigureAwait(false)));
    }

    /// <summary>Keeps <paramref name="read"/> unless a read of a later minute is already kept (history reads look back).</summary>
    private IReadOnlyDictionary<string, SloObservation> Remember(string service, CachedRead read)
    {
        _reads.AddOrUpdate(service, read, (_, kept) => kept.Minute > read.Minute ? kept : read);
        return read.Observations;
    }

    /// <summary>Reads the version field of every day block holding a bucket the windows of <paramref name="slos"/> use.</summary>
    private List<ValueTask<RedisResult>> ReadVersions(string service, IReadOnlyList<SloDefinition> slos, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tier = SloKeys.Tiers[3];
        var today = SloWindow.SlotOf(now, SloResolution.Day);
        // The burn windows reach back at most 3 days from the running hour: 4 calendar days.
        var days = Math.Max(slos.Count == 0 ? 1 : slos.Max(s => s.WindowDays), VersionDays);
        var replies = new List<ValueTask<RedisResult>>(4);
        for (var block = (today - days + 1) / tier.SlotsPerBlock; block <= today / tier.SlotsPerBlock; block++)
        {
            replies.Add(_store.ExecuteAsync("HGET", [_keys.Block(tier, service, block), SloKeys.VersionField], cancellationToken));
        }

        return replies;
    }

    private static async Task<string[]> VersionsOf(List<ValueTask<RedisResult>> replies)
    {
        var versions = new string[replies.Count];
        for (var i = 0; i < versions.Length; i++)
        {
            var value = await replies[i].ConfigureAwait(false);
            versions[i] = value.IsNull ? "" : value.AsString() ?? "";
        }

        return versions;
    }

    private async Task<IReadOnlyDictionary<string, SloObservation>> ReadBucketsAsync(
        string service, IReadOnlyList<SloDefinition> slos, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var maxDays = slos.Count == 0 ? 1 : slos.Max(s => s.WindowDays);
        // One span per tier: the most recent buckets the longest window at that resolution needs.
        var spans = new[]
        {
            new Span(SloKeys.Tiers[0], SloWindow.SlotOf(now, SloResolution.Minute), SloWindow.OneHour.Slots),
            new Span(SloKeys.Tiers[1], SloWindow.SlotOf(now, SloResolution.FiveMinutes), SloWindow.SixHours.Slots),
            new Span(SloKeys.Tiers[2], SloWindow.SlotOf(now, SloResolution.Hour), SloWindow.ThreeDays.Slots),
            new Span(SloKeys.Tiers[3], SloWindow.SlotOf(now, SloResolution.Day), maxDays),
        };

        // One HMGET per block with exactly the fields the windows need (about 470 values per SLO), all issued before
        // any is awaited so the connection pipelines them; replies line up with the field lists, so nothing is parsed.
        var pending = new List<(int Span, long FirstSlot, int SlotCount, ValueTask<RedisResult> Reply)>();
        for (var s = 0; s < spans.Length; s++)
        {
            var span = spans[s];
            var size = span.Tier.SlotsPerBlock;
            for (var block = span.First / size; block <= span.Last / size; block++)
            {
                var from = Math.Max(span.First, block * size);
                var to = Math.Min(span.Last, (block * size) + size - 1);
                var count = (int)(to - from + 1);
                var args = new object[1 + (slos.Count * count * 2)];
                args[0] = _keys.Block(span.Tier, service, block);
                var at = 1;
                foreach (var slo in slos)
                {
                    for (var slot = from; slot <= to; slot++)
                    {
                        args[at++] = SloKeys.Field(slo.Name, 't', slot % size);
                        args[at++] = SloKeys.Field(slo.Name, 'g', slot % size);
                    }
                }

                pending.Add((s, from, count, _store.ExecuteAsync("HMGET", args, cancellationToken)));
            }
        }

        var counts = new SloCounts[slos.Count][][];
        for (var i = 0; i < slos.Count; i++)
        {
            counts[i] = [.. spans.Select(sp => new SloCounts[sp.Length])];
        }

        foreach (var (s, from, count, task) in pending)
        {
            var values = (await task.ConfigureAwait(false)).AsSpan();
            var offset = (int)(from - spans[s].First);
            for (var i = 0; i < slos.Count; i++)
            {
                for (var j = 0; j < count; j++)
                {
                    var at = ((i * count) + j) * 2;
                    counts[i][s][offset + j] = new SloCounts(Value(values[at]), Value(values[at + 1]));
                }
            }
        }

        var result = new Dictionary<string, SloObservation>(StringComparer.Ordinal);
        for (var i = 0; i < slos.Count; i++)
        {
            var burn = new Dictionary<string, SloCounts>(StringComparer.Ordinal);
            foreach (var w in SloWindow.BurnWindows)
            {
                burn[w.Name] = SumLast(counts[i][(int)w.Resolution], w.Slots); // spans are in SloResolution order
            }

            result[slos[i].Name] = new SloObservation(SumLast(counts[i][3], slos[i].WindowDays), burn);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task ObserveAsync(GuardRequest request, GuardDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        var outsideMode = decision.Checks.Any(c => c.Name == GuardChecks.PrincipalMode && c.Status == CheckStatus.Failed);
        await _store.EvalAsync(SloScripts.Decision, [_keys.Agents(SloWindow.SlotOf(now, SloResolution.Day))],
            [
                (long)SloKeys.AgentRetention.TotalMilliseconds, request.Principal,
                decision.Outcome == GuardOutcome.Deny ? "1" : "0",
                decision.Outcome == GuardOutcome.NeedsApproval ? "1" : "0",
                outsideMode ? "1" : "0",
            ], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Days before yesterday are settled (decisions are counted on the day of the deciding replica's clock), so they are
    /// read once and remembered; today and yesterday are read every time.
    /// </remarks>
    public async Task<IReadOnlyList<AgentDecisionCounts>> ReadAgentDecisionsAsync(DateTimeOffset now, int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var today = SloWindow.SlotOf(now, SloResolution.Day);
        var pending = new List<(long Day, ValueTask<RedisResult> Reply)>(days);
        var rows = new List<Dictionary<string, long[]>>(days);
        for (var d = today - days + 1; d <= today; d++)
        {
            if (d < today - 1 && _settledDays.TryGetValue(d, out var settled))
            {
                rows.Add(settled);
            }
            else
            {
                pending.Add((d, _store.ExecuteAsync("HGETALL", [_keys.Agents(d)], cancellationToken)));
            }
        }

        foreach (var (day, task) in pending)
        {
            var row = ParseDecisionDay(await task.ConfigureAwait(false));
            if (day < today - 1)
            {
                _settledDays[day] = row;
            }

            rows.Add(row);
        }

        foreach (var old in _settledDays.Keys.Where(d => d < today - 60))
        {
            _settledDays.TryRemove(old, out _);
        }

        var sums = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (principal, counts) in row)
            {
                if (!sums.TryGetValue(principal, out var sum))
                {
                    sums[principal] = sum = new long[4];
                }

                for (var i = 0; i < sum.Length; i++)
                {
                    sum[i] += counts[i];
                }
            }
        }

        return [.. sums.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new AgentDecisionCounts(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]))];
    }

    /// <summary>One day's decision counters: requests, denied, needing approval and outside mode, per principal.</summary>
    private static Dictionary<string, long[]> ParseDecisionDay(RedisResult reply)
    {
        var counts = new Dictionary<string, long[]>(StringComparer.Ordinal);
        if (reply.IsNull)
        {
            return counts;
        }

        foreach (var (f, v) in reply.AsPairs())
        {
            var field = f.AsString() ?? "";
            if (field.Length < 3 || field[1] != ':')
            {
                continue;
            }

            var slot = field[0] switch { 'r' => 0, 'd' => 1, 'a' => 2, 'm' => 3, _ => -1 };
            if (slot < 0)
            {
                continue;
            }

            var principal = field[2..];
            if (!counts.TryGetValue(principal, out var row))
            {
                counts[principal] = row = new long[4];
            }

            row[slot] += v.AsInt64();
        }

        return counts;
    }

    private static void Add(Dictionary<(int, string), long> fields, (int, string) key, long value)
    {
        if (value != 0)
        {
            fields[key] = fields.GetValueOrDefault(key) + value;
        }
    }

    private static SloCounts SumLast(SloCounts[] slots, int count)
    {
        var sum = default(SloCounts);
        for (var i = Math.Max(0, slots.Length - count); i < slots.Length; i++)
        {
            sum += slots[i];
        }

        return sum;
    }

    private static long Value(RedisResult value) => value.IsNull ? 0 : value.AsInt64();

    /// <summary>A service's read at one minute, the SLOs it covered and its day blocks' version tokens when it was made.</summary>
    private sealed record CachedRead(long Minute, IReadOnlyList<SloDefinition> Slos, string[] Versions, IReadOnlyDictionary<string, SloObservation> Observations)
    {
        /// <summary>Whether this read answers for <paramref name="slos"/>: the same names and windows, in order (nothing else is read).</summary>
        public bool Covers(IReadOnlyList<SloDefinition> slos)
        {
            if (slos.Count != Slos.Count)
            {
                return false;
            }

            for (var i = 0; i < slos.Count; i++)
            {
                if (slos[i].Name != Slos[i].Name || slos[i].WindowDays != Slos[i].WindowDays)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The <paramref name="Length"/> most recent buckets of a tier, ending at <paramref name="Last"/>.</summary>
    private readonly record struct Span(SloTier Tier, long Last, int Length)
    {
        public long First => Last - Length + 1;
    }
}
