namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>A fault as requested over the control contract (<c>POST {prefix}</c>, snake_case JSON).</summary>
public sealed record FaultSpec
{
    /// <summary>latency, error, abort or corrupt.</summary>
    public FaultType Type { get; init; }

    /// <summary>Only requests whose path starts with this are affected; <c>/</c> (the default) means every request.</summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>Share of matching requests affected, 0–1 (default 1).</summary>
    public double Rate { get; init; } = 1;

    /// <summary>Seconds until the fault removes itself. Mandatory: a fault nobody removes must still end.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>Latency faults: fixed delay in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Latency faults: extra random delay, 0 to this many milliseconds.</summary>
    public int JitterMs { get; init; }

    /// <summary>Error faults: the HTTP status to answer (400–599, default 503).</summary>
    public int StatusCode { get; init; } = 503;
}
