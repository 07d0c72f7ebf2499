namespace ReliabilityMcp.Core.Chaos;

/// <summary>Where a service's chaos middleware listens. The token is never here: it comes from server configuration.</summary>
public sealed record ChaosTargetEndpoint
{
    /// <summary>Base URL of the service (http or https), e.g. <c>http://127.0.0.1:5101</c>.</summary>
    public string Url { get; init; } = "";

    /// <summary>Control path on it. <value>Default <c>/_chaos/faults</c>.</value></summary>
    public string ControlPath { get; init; } = "/_chaos/faults";
}
