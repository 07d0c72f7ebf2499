namespace ReliabilityMcp.Core.Slo;

/// <summary>One sample line of the Prometheus text format.</summary>
/// <param name="Name">Metric name, e.g. <c>http_requests_total</c> or <c>http_request_duration_seconds_bucket</c>.</param>
/// <param name="Labels">Label values by name.</param>
/// <param name="Value">The value (may be ±Inf or NaN, as the format allows).</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
