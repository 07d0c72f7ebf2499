namespace ReliabilityMcp.Core.Chaos;

/// <summary>One fault of a template.</summary>
public sealed record ChaosFault
{
    /// <summary>latency, error, abort, corrupt (services) or latency, outage (control plane).</summary>
    public ChaosFaultType Type { get; init; }

    /// <summary>The target itself or its dependencies. <value>Default target.</value></summary>
    public ChaosFaultScope On { get; init; } = ChaosFaultScope.Target;

    /// <summary>Requests whose path starts with this. <value>Default <c>/</c>.</value></summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>Share of matching requests (or store commands) affected, 0–1. <value>Default 1.</value></summary>
    public double Rate { get; init; } = 1;

    /// <summary>Latency: fixed delay, ms.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Latency: extra random delay up to this, ms.</summary>
    public int JitterMs { get; init; }

    /// <summary>Error: status to answer. <value>Default 503.</value></summary>
    public int StatusCode { get; init; } = 503;

    /// <summary>Severity weight of this fault in the score; null uses the template's weight for its type.</summary>
    public double? Severity { get; init; }
}
