namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// One entry of an ingested batch: either a single request outcome (<see cref="Success"/>, optional
/// <see cref="LatencyMs"/>) or pre-aggregated counts (<see cref="Total"/>, <see cref="Good"/>, optional
/// cumulative <see cref="LatencyBuckets"/>) for a period starting at <see cref="Timestamp"/>.
/// </summary>
public sealed record TelemetryEvent
{
    /// <summary>The service.</summary>
    public string Service { get; init; } = "";

    /// <summary>When the request (or the aggregated period) happened; decides the bucket.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Single outcome: whether the request succeeded.</summary>
    public bool? Success { get; init; }

    /// <summary>Single outcome: how long it took, in milliseconds.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Pre-aggregated: all requests.</summary>
    public long? Total { get; init; }

    /// <summary>Pre-aggregated: successful requests (availability).</summary>
    public long? Good { get; init; }

    /// <summary>Pre-aggregated: cumulative latency buckets (a histogram, or one bucket: the count under a threshold).</summary>
    public IReadOnlyList<LatencyBucket>? LatencyBuckets { get; init; }
}
