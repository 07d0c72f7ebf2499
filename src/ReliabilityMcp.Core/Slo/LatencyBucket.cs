namespace ReliabilityMcp.Core.Slo;

/// <summary>A cumulative latency histogram bucket: requests that took at most <paramref name="LeMs"/> milliseconds.</summary>
/// <param name="LeMs">Upper bound in milliseconds (inclusive), as Prometheus' <c>le</c>.</param>
/// <param name="Count">Requests at or under the bound.</param>
public sealed record LatencyBucket(double LeMs, long Count);
