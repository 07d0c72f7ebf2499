using System.Globalization;
using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// Validates a telemetry batch and folds it into per-SLO minute increments. Each event lands in the minute of its
/// own timestamp, so late or out-of-order events count where they happened; events for services without an SLO
/// and events older than the longest window are ignored (counted, not stored).
/// </summary>
public static class TelemetryAggregator
{
    /// <summary>Most events in one batch.</summary>
    public const int MaxEvents = 100_000;

    /// <summary>Most latency buckets on one event.</summary>
    public const int MaxBuckets = 64;

    /// <summary>How far in the future a timestamp may be (clock skew) before it is rejected.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>Events older than this are ignored: no window reaches back further.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(32);

    private const int MaxErrors = 20;

    /// <summary>Aggregates <paramref name="batch"/> for the SLOs in <paramref name="settings"/>.</summary>
    public static TelemetryAggregation Aggregate(TelemetryBatch batch, SloSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        if (!IsValidBatchId(batch.BatchId))
        {
            errors.Add("batch_id must be 1-128 characters of letters, digits, '.', '_', ':' or '-' (e.g. a UUID); retries must reuse it.");
        }

        var events = batch.Events ?? [];
        if (events.Count is 0 or > MaxEvents)
        {
            errors.Add($"events must hold 1 to {MaxEvents} entries; got {events.Count}.");
        }

        if (errors.Count > 0)
        {
            return new TelemetryAggregation([], errors, 0, 0);
        }

        var byService = settings.Objectives.GroupBy(o => o.Service, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var sums = new Dictionary<(SloDefinition Slo, long Minute), SloCounts>();
        var oldest = now - MaxAge;
        var latest = now + MaxFutureSkew;
        var ignored = 0;
        for (var i = 0; i < events.Count && errors.Count < MaxErrors; i++)
        {
            var e = events[i];
            if (Validate(e, $"events[{i}]", latest) is { } problem)
            {
                errors.Add(problem);
                continue;
            }

            if (e.Timestamp < oldest || !byService.TryGetValue(e.Service, out var slos))
            {
                ignored++;
                continue;
            }

            var minute = SloWindow.SlotOf(e.Timestamp, SloResolution.Minute);
            foreach (var slo in slos)
            {
                if (CountsFor(e, slo) is { } counts)
                {
                    var key = (slo, minute);
                    sums[key] = sums.GetValueOrDefault(key) + counts;
                }
            }
        }

        if (errors.Count > 0)
        {
            return new TelemetryAggregation([], errors, 0, 0);
        }

        var increments = sums.Select(kv => new SloIncrement(kv.Key.Slo.Service, kv.Key.Slo.Name, kv.Key.Minute, kv.Value)).ToList();
        return new TelemetryAggregation(increments, [], events.Count - ignored, ignored);
    }

    /// <summary>Whether <paramref name="batchId"/> is 1–128 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static bool IsValidBatchId(string? batchId) =>
        !string.IsNullOrEmpty(batchId) && batchId.Length <= 128 && batchId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    /// <summary>The (total, good) an event contributes to <paramref name="slo"/>, or null when it says nothing about it.</summary>
    public static SloCounts? CountsFor(TelemetryEvent e, SloDefinition slo)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(slo);
        if (e.Success is { } success)
        {
            return slo.Sli switch
            {
                SliKind.Availability => new SloCounts(1, success ? 1 : 0),
                _ when e.LatencyMs is { } ms => new SloCounts(1, ms <= slo.LatencyThresholdMs ? 1 : 0),
                _ => null,
            };
        }

        var total = e.Total ?? 0;
        if (slo.Sli == SliKind.Availability)
        {
            return e.Good is { } good ? new SloCounts(total, good) : null;
        }

        if (e.LatencyBuckets is not { Count: > 0 } buckets)
        {
            return null;
        }

        // Requests between the largest bound under the threshold and the threshold cannot be told apart from
        // slower ones, so they count as bad: the SLI is never flattered by a coarse histogram.
        long under = 0;
        foreach (var b in buckets)
        {
            if (b.LeMs <= slo.LatencyThresholdMs)
            {
                under = b.Count;
            }
        }

        return new SloCounts(total, under);
    }

    private static string? Validate(TelemetryEvent? e, string path, DateTimeOffset latest)
    {
        if (e is null)
        {
            return $"{path}: is empty.";
        }

        if (!ConfigurationValidator.ServiceNamePattern().IsMatch(e.Service ?? ""))
        {
            return $"{path}.service: '{Clip(e.Service)}' is not a service name (^[a-z0-9][a-z0-9-]{{0,62}}$).";
        }

        if (e.Timestamp == default)
        {
            return $"{path}.timestamp: required, an ISO 8601 time with offset, e.g. 2026-11-21T10:15:00Z.";
        }

        if (e.Timestamp > latest)
        {
            return $"{path}.timestamp: {e.Timestamp:O} is more than {MaxFutureSkew.TotalMinutes} minutes in the future; check the sender's clock.";
        }

        if (e.LatencyMs is { } ms && (!double.IsFinite(ms) || ms < 0))
        {
            return $"{path}.latency_ms: must be a finite number of milliseconds >= 0.";
        }

        if (e.Success is not null)
        {
            return e.Total is not null || e.Good is not null || e.LatencyBuckets is not null
                ? $"{path}: give either success (one request) or total/good/latency_buckets (counts), not both."
                : null;
        }

        if (e.Total is not { } total || total < 0 || total > 1_000_000_000)
        {
            return $"{path}.total: required for counts (0 to 1000000000), or send success: true|false for a single request.";
        }

        if (e.Good is { } good && (good < 0 || good > total))
        {
            return $"{path}.good: {good} must be between 0 and total ({total}).";
        }

        if (e.LatencyMs is not null)
        {
            return $"{path}.latency_ms: only for single requests; for counts send latency_buckets.";
        }

        if (e.LatencyBuckets is { } buckets)
        {
            if (buckets.Count is 0 or > MaxBuckets)
            {
                return $"{path}.latency_buckets: give 1 to {MaxBuckets} buckets.";
            }

            for (var b = 0; b < buckets.Count; b++)
            {
                var bucket = buckets[b];
                if (bucket is null || !double.IsFinite(bucket.LeMs) || bucket.LeMs <= 0 || bucket.Count < 0 || bucket.Count > total
                    || (b > 0 && (bucket.LeMs <= buckets[b - 1].LeMs || bucket.Count < buckets[b - 1].Count)))
                {
                    return $"{path}.latency_buckets[{b}]: buckets are cumulative: le_ms > 0 strictly increasing, count between the previous bucket's count and total ({total}).";
                }
            }
        }

        return null;
    }

    private static string Clip(string? s) => s is null ? "" : s.Length <= 64 ? s : string.Create(CultureInfo.InvariantCulture, $"{s[..64]}…");
}
