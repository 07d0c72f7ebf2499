using System.Globalization;
using System.Text.RegularExpressions;

namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// The cumulative counters one scrape of a target shows: all requests, errors, latency buckets. Two readings make a
/// delta, which is what gets ingested; a counter that went down was reset (process restart), and its new value is
/// the delta, as Prometheus' <c>rate()</c> treats it.
/// </summary>
/// <param name="Total">Sum of every series of the total metric.</param>
/// <param name="Errors">Sum of the matching error series, or null when the target has no error metric.</param>
/// <param name="Buckets">Latency histogram: upper bound in seconds → cumulative count, summed over series.</param>
public sealed record PrometheusReading(double Total, double? Errors, IReadOnlyDictionary<double, double> Buckets)
{
    /// <summary>Reads <paramref name="target"/>'s counters out of <paramref name="samples"/>.</summary>
    /// <exception cref="PrometheusFormatException">The total metric is missing, or a histogram bucket has a bad <c>le</c>.</exception>
    public static PrometheusReading From(IReadOnlyList<PrometheusSample> samples, SloScrapeTarget target)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(target);
        var matchers = target.ErrorsMatch.Select(kv => (kv.Key, Regex: new Regex($"^(?:{kv.Value})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))).ToArray();
        var bucketName = target.LatencyHistogram is { } h ? $"{h}_bucket" : null;
        double total = 0;
        double errors = 0;
        var sawTotal = false;
        var buckets = new SortedDictionary<double, double>();
        foreach (var s in samples)
        {
            if (s.Name == target.TotalMetric)
            {
                sawTotal = true;
                total += s.Value;
            }

            if (s.Name == target.ErrorsMetric && matchers.All(m => s.Labels.TryGetValue(m.Key, out var v) && m.Regex.IsMatch(v)))
            {
                errors += s.Value;
            }

            if (s.Name == bucketName)
            {
                if (!s.Labels.TryGetValue("le", out var le) || !TryParseLe(le, out var bound))
                {
                    throw new PrometheusFormatException($"{bucketName} has a series without a numeric le label; a histogram bucket needs one (e.g. le=\"0.3\").");
                }

                buckets[bound] = buckets.GetValueOrDefault(bound) + s.Value;
            }
        }

        if (!sawTotal)
        {
            throw new PrometheusFormatException($"the page has no samples of {target.TotalMetric}; check total_metric for {target.Url}.");
        }

        if (!double.IsFinite(total) || total < 0 || !double.IsFinite(errors) || errors < 0)
        {
            throw new PrometheusFormatException($"{target.TotalMetric} or its error series is negative, infinite or NaN; counters never are.");
        }

        return new PrometheusReading(total, target.ErrorsMetric is null ? null : errors, buckets);
    }

    /// <summary>The requests between <paramref name="previous"/> and this reading, as one pre-aggregated event at <paramref name="at"/>.</summary>
    public TelemetryEvent DeltaSince(PrometheusReading previous, string service, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var total = Delta(Total, previous.Total);
        long? good = Errors is { } e ? Math.Max(0, total - Math.Min(total, Delta(e, previous.Errors ?? 0))) : null;
        List<LatencyBucket>? buckets = null;
        if (Buckets.Count > 0)
        {
            buckets = [];
            long floor = 0;
            foreach (var (le, count) in Buckets)
            {
                if (le <= 0 || double.IsPositiveInfinity(le))
                {
                    continue;
                }

                // Cumulative after the delta too: a reset on one series must not make the histogram go backwards.
                var d = Math.Min(total, Math.Max(floor, Delta(count, previous.Buckets.GetValueOrDefault(le))));
                buckets.Add(new LatencyBucket(le * 1000, d));
                floor = d;
            }

            if (buckets.Count == 0)
            {
                buckets = null;
            }
        }

        return new TelemetryEvent { Service = service, Timestamp = at, Total = total, Good = good, LatencyBuckets = buckets };
    }

    private static long Delta(double current, double previous) =>
        (long)Math.Round(current >= previous ? current - previous : current);

    private static bool TryParseLe(string text, out double bound)
    {
        if (text is "+Inf" or "Inf")
        {
            bound = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out bound) && double.IsFinite(bound) && bound >= 0;
    }
}
