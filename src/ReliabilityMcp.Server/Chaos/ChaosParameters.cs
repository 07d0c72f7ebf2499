using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Overrides applied to every fault of a template where they make sense.</summary>
public sealed record ChaosParameters
{
    /// <summary>Latency faults: fixed delay, ms.</summary>
    [JsonPropertyName("latency_ms"), Description("Latency faults: fixed delay in milliseconds, 1-120000.")]
    public int? LatencyMs { get; init; }

    /// <summary>Latency faults: jitter, ms.</summary>
    [JsonPropertyName("jitter_ms"), Description("Latency faults: extra random delay up to this many milliseconds, 0-120000.")]
    public int? JitterMs { get; init; }

    /// <summary>Share of requests affected.</summary>
    [JsonPropertyName("rate"), Description("Share of matching requests affected, 0-1, e.g. 0.25.")]
    public double? Rate { get; init; }

    /// <summary>Error faults: status.</summary>
    [JsonPropertyName("status_code"), Description("Error faults: HTTP status to answer, 400-599.")]
    public int? StatusCode { get; init; }

    /// <summary>Request path scope.</summary>
    [JsonPropertyName("path_prefix"), Description("Only requests whose path starts with this are affected, e.g. \"/api/orders\".")]
    public string? PathPrefix { get; init; }
}
