namespace ReliabilityMcp.Core.Chaos;

/// <summary>A steady-state probe: what "healthy" means while faults are in force.</summary>
public sealed record ChaosProbe
{
    /// <summary>Name, unique in the template.</summary>
    public string Name { get; init; } = "probe";

    /// <summary>http (default) or store.</summary>
    public ChaosProbeType Type { get; init; } = ChaosProbeType.Http;

    /// <summary>HTTP: a path on the target (<c>/health</c>); mutually exclusive with <see cref="Url"/>.</summary>
    public string? Path { get; init; }

    /// <summary>HTTP: an absolute http(s) URL, e.g. a service in front of the target.</summary>
    public string? Url { get; init; }

    /// <summary>HTTP: status that counts as success. <value>Default 200.</value></summary>
    public int ExpectedStatus { get; init; } = 200;

    /// <summary>Slower than this counts as failure, ms. <value>Default 1000.</value></summary>
    public int LatencyThresholdMs { get; init; } = 1000;
}
