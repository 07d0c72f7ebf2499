namespace ReliabilityMcp.Core.Slo;

/// <summary>A Prometheus text-format endpoint the server pulls request counters from.</summary>
public sealed record SloScrapeTarget
{
    /// <summary>The service these counters belong to.</summary>
    public string Service { get; init; } = "";

    /// <summary>Absolute http(s) URL of the metrics page, e.g. <c>http://checkout:8080/metrics</c>.</summary>
    public string Url { get; init; } = "";

    /// <summary>Counter of all requests (every series summed), e.g. <c>http_requests_total</c>.</summary>
    public string TotalMetric { get; init; } = "";

    /// <summary>Counter of failed requests; may be the same name as <see cref="TotalMetric"/> filtered by <see cref="ErrorsMatch"/>.</summary>
    public string? ErrorsMetric { get; init; }

    /// <summary>Label → regular expression (whole value); a series of <see cref="ErrorsMetric"/> counts when all match, e.g. <c>{ code: "5.." }</c>.</summary>
    public IReadOnlyDictionary<string, string> ErrorsMatch { get; init; } = new Dictionary<string, string>();

    /// <summary>Histogram base name (its <c>_bucket</c> series with <c>le</c> in seconds), for latency SLOs, e.g. <c>http_request_duration_seconds</c>.</summary>
    public string? LatencyHistogram { get; init; }
}
