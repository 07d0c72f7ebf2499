namespace ReliabilityMcp.LoadGenerator;

/// <summary>One request as the client saw it.</summary>
/// <param name="Timestamp">When it started.</param>
/// <param name="Success">False for 5xx, 429, timeouts and connection failures.</param>
/// <param name="LatencyMs">Wall time until the response (or the failure).</param>
internal readonly record struct RequestOutcome(DateTimeOffset Timestamp, bool Success, double LatencyMs);
