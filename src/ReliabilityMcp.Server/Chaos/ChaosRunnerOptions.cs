using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>
/// Host settings of the chaos runner (configuration section <c>Chaos</c>). Tokens for targets' chaos endpoints are
/// read from the same section (<c>Chaos:Targets:&lt;service&gt;:Token</c>, else <c>Chaos:Token</c>), never from the
/// YAML file, and never logged.
/// </summary>
public sealed class ChaosRunnerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Chaos";

    /// <summary>How long a run's lease lasts without renewal; a dead runner's experiment is marked interrupted after it. <value>Default 15 s.</value></summary>
    [Range(2, 600)]
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>How often this replica looks for experiments whose runner died. <value>Default 5 s.</value></summary>
    [Range(1, 600)]
    public int OrphanScanSeconds { get; set; } = 5;

    /// <summary>Longest gap between probe rounds (capped by the watch interval). <value>Default 1000 ms.</value></summary>
    [Range(50, 60_000)]
    public int ProbeIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Timeout of one probe or control request beyond its latency threshold. <value>Default 5000 ms.</value></summary>
    [Range(100, 60_000)]
    public int RequestTimeoutMilliseconds { get; set; } = 5000;
}
