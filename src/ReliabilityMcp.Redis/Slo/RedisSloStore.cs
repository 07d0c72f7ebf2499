using System.Globalization;
using System.Runtime.InteropServices;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Slo;

/// <summary>
/// SLO counters in the Redis-protocol store (layout: <see cref="SloKeys"/>). A batch is one Lua call that records
/// its id (SET NX) and adds every increment to its minute, five-minute, hour and day buckets, so duplicates count
/// once, late events land in their own buckets, and replicas ingesting concurrently add up exactly (the script's
/// read-add-write of each block is atomic).
/// Reading one service is at most 12 pipelined HMGETs whatever the windows.
/// </summary>
public sealed class RedisSloStore : ISloCounterStore, IGuardDecisionObserver
{
    private readonly IStoreConnection _store;
    private readonly SloKeys _keys;

    /// <summary>Creates the store under <paramref name="keys"/>' prefix.</summary>
    public RedisSloStore(IStoreConnection store, StoreKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _keys = new SloKeys(keys.Prefix);
    }

    /// <summary>Most (SLO, minute) increments written by one script call: bounds how long one call holds the store.</summary>
    internal const int MaxIncrementsPerCall = 256;

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

        var keyArgs = new RespArgument[1 + blocks.Count];
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

        var args = new List<RespArgument>(2 + (blocks.Count * 2) + (fields.Count * 2))
        {
            (long)SloKeys.BatchRetention.TotalMilliseconds,
            blocks.Count,
        };
        args.AddRange(blockTtls.Select(ttl => (RespArgument)ttl));
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
    public async Task<IReadOnlyDictionary<string, SloObservation>> ReadAsync(
        string service, IReadOnlyList<SloDefinition> slos, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(slos);
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
        var pending = new List<(int Span, long FirstSlot, int SlotCount, ValueTask<RespValue> Reply)>();
        for (var s = 0; s < spans.Length; s++)
        {
            var span = spans[s];
            var size = span.Tier.SlotsPerBlock;
            for (var block = span.First / size; block <= span.Last / size; block++)
            {
                var from = Math.Max(span.First, block * size);
                var to = Math.Min(span.Last, (block * size) + size - 1);
                var count = (int)(to - from + 1);
                var args = new RespArgument[1 + (slos.Count * count * 2)];
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
    public async Task<IReadOnlyList<AgentDecisionCounts>> ReadAgentDecisionsAsync(DateTimeOffset now, int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var today = SloWindow.SlotOf(now, SloResolution.Day);
        var pending = new List<ValueTask<RespValue>>(days);
        for (var d = today - days + 1; d <= today; d++)
        {
            pending.Add(_store.ExecuteAsync("HGETALL", [_keys.Agents(d)], cancellationToken));
        }

        var sums = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var task in pending)
        {
            var reply = await task.ConfigureAwait(false);
            if (reply.IsNull)
            {
                continue;
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
                if (!sums.TryGetValue(principal, out var row))
                {
                    sums[principal] = row = new long[4];
                }

                row[slot] += v.AsInt64();
            }
        }

        return [.. sums.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new AgentDecisionCounts(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]))];
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

    private static long Value(RespValue value) => value.IsNull ? 0 : value.AsInt64();

    /// <summary>The <paramref name="Length"/> most recent buckets of a tier, ending at <paramref name="Last"/>.</summary>
    private readonly record struct Span(SloTier Tier, long Last, int Length)
    {
        public long First => Last - Length + 1;
    }
}
