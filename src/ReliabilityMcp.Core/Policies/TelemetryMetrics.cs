using System.Text.RegularExpressions;

namespace ReliabilityMcp.Core.Policies;

/// <summary>The standard telemetry metric names and their valid ranges.</summary>
public static partial class TelemetryMetrics
{
    /// <summary>99th percentile latency, milliseconds (0–3,600,000).</summary>
    public const string LatencyP99 = "latency_p99";

    /// <summary>Share of failed requests, 0–1.</summary>
    public const string ErrorRate = "error_rate";

    /// <summary>Requests per second (&gt;= 0).</summary>
    public const string Throughput = "throughput";

    /// <summary>CPU utilisation, 0–1.</summary>
    public const string CpuUtil = "cpu_util";

    /// <summary>Memory utilisation, 0–1.</summary>
    public const string MemoryUtil = "memory_util";

    /// <summary>The standard metrics.</summary>
    public static IReadOnlyList<string> Standard { get; } = [LatencyP99, ErrorRate, Throughput, CpuUtil, MemoryUtil];

    /// <summary>Custom metric names: lower-case, digits, '_' and '.', starting with a letter, at most 64 characters.</summary>
    [GeneratedRegex("^[a-z][a-z0-9_.]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex CustomNamePattern();

    /// <summary>Validates a value for <paramref name="metric"/>; returns an error message or null.</summary>
    public static string? ValidateValue(string metric, double value)
    {
        if (!double.IsFinite(value))
        {
            return $"{metric} must be a finite number (NaN and infinity are not telemetry).";
        }

        return metric switch
        {
            LatencyP99 when value is < 0 or > 3_600_000 => $"{metric} is in milliseconds and must be between 0 and 3600000; got {value}.",
            ErrorRate or CpuUtil or MemoryUtil when value is < 0 or > 1 => $"{metric} is a ratio and must be between 0 and 1 (e.g. 0.25 for 25%); got {value}.",
            Throughput when value < 0 => $"{metric} is requests per second and cannot be negative; got {value}.",
            _ => null,
        };
    }
}
