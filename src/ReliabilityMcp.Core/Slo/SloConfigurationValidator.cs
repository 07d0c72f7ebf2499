using System.Globalization;
using System.Text.RegularExpressions;
using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Slo;

/// <summary>Validates the <c>slos</c> section; called from <see cref="ConfigurationValidator"/>.</summary>
public static partial class SloConfigurationValidator
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricNamePattern();

    /// <summary>Adds every problem of <paramref name="config"/>'s SLO section to <paramref name="errors"/>.</summary>
    public static void Validate(ReliabilityConfiguration config, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        var slos = config.Slos;
        if (slos.ScrapeIntervalSeconds is < 5 or > 3600)
        {
            errors.Add(new("slos.scrape_interval_seconds", $"{slos.ScrapeIntervalSeconds} is out of range; use 5 to 3600 seconds."));
        }

        if (!(slos.ChaosMinBudgetRemaining is >= 0 and <= 1))
        {
            errors.Add(new("slos.chaos_min_budget_remaining", $"{F(slos.ChaosMinBudgetRemaining)} is out of range; use a share of the budget from 0 to 1, e.g. 0.1 for 10 %."));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < slos.Objectives.Count; i++)
        {
            var o = slos.Objectives[i];
            var path = $"slos.objectives[{i}]";
            if (o is null)
            {
                errors.Add(new(path, "is empty; write { service, name, sli, objective, window_days, min_events }."));
                continue;
            }

            if (!config.Services.ContainsKey(o.Service))
            {
                errors.Add(new($"{path}.service", $"service '{o.Service}' is not in the service graph; add it under services or fix the name."));
            }

            if (!NamePattern().IsMatch(o.Name))
            {
                errors.Add(new($"{path}.name", $"'{o.Name}' is not a valid SLO name; use lower-case letters, digits, '-' or '_' (e.g. checkout-availability)."));
            }
            else if (!names.Add(o.Name))
            {
                errors.Add(new($"{path}.name", $"SLO name '{o.Name}' is used twice; names must be unique."));
            }

            if (!double.IsFinite(o.Objective) || o.Objective is <= 0 or >= 100)
            {
                errors.Add(new($"{path}.objective", $"{F(o.Objective)} is out of range; give a percentage above 0 and below 100, e.g. 99.9 (100 leaves no error budget)."));
            }

            if (o.WindowDays is < 1 or > 31)
            {
                errors.Add(new($"{path}.window_days", $"{o.WindowDays} is out of range; use 1 to 31 days (28 or 30 are usual)."));
            }

            if (o.MinEvents is < 1 or > 1_000_000_000)
            {
                errors.Add(new($"{path}.min_events", $"{o.MinEvents} is out of range; use 1 to 1000000000 events."));
            }

            switch (o.Sli)
            {
                case SliKind.Latency when o.LatencyThresholdMs is not { } ms || !double.IsFinite(ms) || ms <= 0 || ms > 3_600_000:
                    errors.Add(new($"{path}.latency_threshold_ms", "a latency SLO needs latency_threshold_ms between 0 (exclusive) and 3600000, e.g. 300."));
                    break;
                case SliKind.Availability when o.LatencyThresholdMs is not null:
                    errors.Add(new($"{path}.latency_threshold_ms", "only latency SLOs take a threshold; remove it or set sli: latency."));
                    break;
            }
        }

        for (var i = 0; i < slos.ScrapeTargets.Count; i++)
        {
            ValidateTarget(config, slos.ScrapeTargets[i], $"slos.scrape_targets[{i}]", errors);
        }
    }

    private static void ValidateTarget(ReliabilityConfiguration config, SloScrapeTarget? t, string path, List<ConfigurationError> errors)
    {
        if (t is null)
        {
            errors.Add(new(path, "is empty; write { service, url, total_metric }."));
            return;
        }

        if (!config.Services.ContainsKey(t.Service))
        {
            errors.Add(new($"{path}.service", $"service '{t.Service}' is not in the service graph."));
        }

        if (!Uri.TryCreate(t.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(new($"{path}.url", $"'{t.Url}' is not an absolute http(s) URL; e.g. http://checkout:8080/metrics."));
        }

        if (!MetricNamePattern().IsMatch(t.TotalMetric))
        {
            errors.Add(new($"{path}.total_metric", $"'{t.TotalMetric}' is not a Prometheus metric name, e.g. http_requests_total."));
        }

        if (t.ErrorsMetric is { } em && !MetricNamePattern().IsMatch(em))
        {
            errors.Add(new($"{path}.errors_metric", $"'{em}' is not a Prometheus metric name."));
        }

        if (t.LatencyHistogram is { } lh && !MetricNamePattern().IsMatch(lh))
        {
            errors.Add(new($"{path}.latency_histogram", $"'{lh}' is not a Prometheus histogram name, e.g. http_request_duration_seconds."));
        }

        if (t.ErrorsMatch.Count > 0 && t.ErrorsMetric is null)
        {
            errors.Add(new($"{path}.errors_match", "errors_match filters errors_metric; set errors_metric too."));
        }

        foreach (var (label, pattern) in t.ErrorsMatch)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                errors.Add(new($"{path}.errors_match.{label}", $"'{pattern}' is not a valid regular expression: {ex.Message}"));
            }
        }
    }

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);
}
