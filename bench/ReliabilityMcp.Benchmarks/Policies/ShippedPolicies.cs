using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Benchmarks.Policies;

/// <summary>The policies shipped in <c>src/ReliabilityMcp.Server/Configuration/reliability.yaml</c> and a typical snapshot.</summary>
internal static class ShippedPolicies
{
    private const string RelativePath = "src/ReliabilityMcp.Server/Configuration/reliability.yaml";

    /// <summary>The service every benchmark evaluates: in the graph, with two dependencies.</summary>
    public const string Service = "checkout";

    /// <summary>
    /// A typical incident snapshot: all five standard metrics, slow but not failing, so two policies match
    /// (high-latency-restart, latency-circuit-breaker) and three do not (each with a failed-condition reason).
    /// </summary>
    public static TelemetrySnapshot TypicalSnapshot() => new(new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [TelemetryMetrics.LatencyP99] = 650,
        [TelemetryMetrics.ErrorRate] = 0.04,
        [TelemetryMetrics.Throughput] = 1200,
        [TelemetryMetrics.CpuUtil] = 0.55,
        [TelemetryMetrics.MemoryUtil] = 0.62,
    });

    /// <summary>Parses the shipped file with the production parser; throws if it is not valid.</summary>
    public static ReliabilityConfiguration Load()
    {
        var path = Find();
        var result = ReliabilityConfigurationParser.Parse(File.ReadAllText(path), Path.GetFileName(path));
        return result.IsValid
            ? result.Configuration!
            : throw new InvalidOperationException($"The shipped configuration does not parse: {string.Join("; ", result.Errors)}");
    }

    // BenchmarkDotNet runs benchmarks from a generated project under bin/, so search upwards for the repository file
    // (the source of truth) rather than relying on the copy next to the binary.
    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var copy = Path.Combine(AppContext.BaseDirectory, "Configuration", "reliability.yaml");
        return File.Exists(copy) ? copy : throw new FileNotFoundException($"Could not find {RelativePath} above {AppContext.BaseDirectory}.");
    }
}
