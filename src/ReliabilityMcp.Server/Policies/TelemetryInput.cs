using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Server.Policies;

/// <summary>Telemetry observed for one service, as sent by the agent.</summary>
public sealed class TelemetryInput
{
    /// <summary>p99 latency, milliseconds.</summary>
    [JsonPropertyName("latency_p99"), Description("99th percentile latency in milliseconds, e.g. 850.")]
    public double? LatencyP99 { get; init; }

    /// <summary>Failed share 0–1.</summary>
    [JsonPropertyName("error_rate"), Description("Share of failed requests from 0 to 1, e.g. 0.12 for 12%.")]
    public double? ErrorRate { get; init; }

    /// <summary>Requests per second.</summary>
    [JsonPropertyName("throughput"), Description("Requests per second, e.g. 420.")]
    public double? Throughput { get; init; }

    /// <summary>CPU 0–1.</summary>
    [JsonPropertyName("cpu_util"), Description("CPU utilisation from 0 to 1, e.g. 0.93.")]
    public double? CpuUtil { get; init; }

    /// <summary>Memory 0–1.</summary>
    [JsonPropertyName("memory_util"), Description("Memory utilisation from 0 to 1, e.g. 0.91.")]
    public double? MemoryUtil { get; init; }

    /// <summary>Custom metrics.</summary>
    [JsonPropertyName("custom"), Description("Custom metrics by name (lower-case, e.g. {\"queue_depth\": 1200}); at most 32.")]
    public Dictionary<string, double>? Custom { get; init; }
}
