using System.Globalization;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Slo;

/// <summary>
/// SLO counters in the Redis-protocol store (layout: <see cref="SloKeys"/>). A batch is one Lua call that records
/// its id (SET NX) and adds every increment to its minute, hour and day buckets, so duplicates count once, late
/// events land in their own buckets, and replicas ingesting concurrently add up exactly (HINCRBY is atomic).
/// Reading one service is at most 15 pipelined HGETALLs whatever the windows.
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

    /// <inheritdoc />
    public async Task<bool> IngestAsync(string batchId, IReadOnlyList<SloIncrement> increments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentNullException.ThrowIfNull(increments);
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

        var args = new RespArgument[2 + blockTtls.Count + (fields.Count * 3)];
        args[0] = (long)SloKeys.BatchRetention.TotalMilliseconds;
        args[1] = blocks.Count;
        for (var i = 0; i < blockTtls.Count; i++)
        {
            args[2 + i] = blockTtls[i];
        }

        var at = 2 + blockTtls.Count;
        foreach (var ((block, field), value) in fields)
        {
            args[at++] = block;
            args[at++] = field;
            args[at++] = value;
        }

        var reply = await _store.EvalAsync(SloScripts.Ingest, keyArgs, args, cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, SloObservation>> ReadAsync(
        string service, IReadOnlyList<SloDefinition> slos, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(slos);
        var maxDays = slos.Count == 0 ? 1 : slos.Max(s => s.WindowDays);
        var spans = new[]
        {
            new Span(SloKeys.Tiers[0], SloWindow.SlotOf(now, SloResolution.Minute), SloWindow.SixHours.Slots),
            new Span(SloKeys.Tiers[1], SloWindow.SlotOf(now, SloResolution.Hour), SloWindow.ThreeDays.Slots),
            new Span(SloKeys.Tiers[2], SloWindow.SlotOf(now, SloResolution.Day), maxDays),
        };

        // Issue every HGETALL before awaiting any: the connection pipelines them on one socket.
        var pending = new List<(int Span, ValueTask<RespValue> Reply)>();
        for (var s = 0; s < spans.Length; s++)
        {
            var span = spans[s];
            for (var block = span.First / span.Tier.SlotsPerBlock; block <= span.Last / span.Tier.SlotsPerBlock; block++)
            {
                pending.Add((s, _store.ExecuteAsync("HGETALL", [_keys.Block(span.Tier, service, block)], cancellationToken)));
            }
        }

        var index = slos.Select((slo, i) => (slo.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var counts = new SloCounts[slos.Count][][];
        for (var i = 0; i < slos.Count; i++)
        {
            counts[i] = [new SloCounts[spans[0].Length], new SloCounts[spans[1].Length], new SloCounts[spans[2].Length]];
        }

        var blockOf = spans.Select(sp => sp.First / sp.Tier.SlotsPerBlock).ToArray();
        var seen = new int[spans.Length];
        foreach (var (s, task) in pending)
        {
            var reply = await task.ConfigureAwait(false);
            var span = spans[s];
            var blockStart = (blockOf[s] + seen[s]++) * span.Tier.SlotsPerBlock;
            if (reply.IsNull)
            {
                continue;
            }

            foreach (var (f, v) in reply.AsPairs())
            {
                if (!TryParseField(f.AsString(), out var name, out var kind, out var slotInBlock) || !index.TryGetValue(name, out var i))
                {
                    continue;
                }

                var at = blockStart + slotInBlock - span.First;
                if (at < 0 || at >= span.Length)
                {
                    continue;
                }

                ref var c = ref counts[i][s][at];
                c = kind == 't' ? c with { Total = v.AsInt64() } : c with { Good = v.AsInt64() };
            }
        }

        var result = new Dictionary<string, SloObservation>(StringComparer.Ordinal);
        for (var i = 0; i < slos.Count; i++)
        {
            var burn = new Dictionary<string, SloCounts>(StringComparer.Ordinal);
            foreach (var w in SloWindow.BurnWindows)
            {
                var tier = w.Resolution == SloResolution.Minute ? 0 : 1;
                burn[w.Name] = SumLast(counts[i][tier], w.Slots);
            }

            result[slos[i].Name] = new SloObservation(SumLast(counts[i][2], slos[i].WindowDays), burn);
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

    private static bool TryParseField(string? field, out string name, out char kind, out int slot)
    {
        name = "";
        kind = '\0';
        slot = 0;
        if (field is null)
        {
            return false;
        }

        var last = field.LastIndexOf(':');
        if (last < 3 || field[last - 2] != ':' || !int.TryParse(field.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out slot))
        {
            return false;
        }

        kind = field[last - 1];
        name = field[..(last - 2)];
        return kind is 't' or 'g';
    }

    /// <summary>The <paramref name="Length"/> most recent buckets of a tier, ending at <paramref name="Last"/>.</summary>
    private readonly record struct Span(SloTier Tier, long Last, int Length)
    {
        public long First => Last - Length + 1;
    }
}
