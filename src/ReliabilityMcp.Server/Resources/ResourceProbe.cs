namespace ReliabilityMcp.Server.Resources;

/// <summary>One live probe of a service's health check.</summary>
/// <param name="Url">The health URL probed with GET.</param>
/// <param name="Healthy">Whether the expected status came back.</param>
/// <param name="StatusCode">The status received, if any.</param>
/// <param name="LatencyMs">How long the probe took (a timeout counts in full).</param>
/// <param name="Detail">One sentence.</param>
public sealed record ResourceProbe(string Url, bool Healthy, int? StatusCode, long LatencyMs, string Detail);
