using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>Settings of the fault-injection middleware (configuration section <c>Chaos</c>).</summary>
public sealed class ChaosOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Chaos";

    /// <summary>Header that carries the shared token on control requests.</summary>
    public const string TokenHeader = "X-Chaos-Token";

    /// <summary>
    /// Shared secret for the control endpoints. <value>Unset (the default): the control endpoints answer 404 and no
    /// fault can be added, so a service that merely references the package cannot be attacked through it.</value>
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Path of the control endpoints. <value>Default <c>/_chaos/faults</c>.</value></summary>
    [RegularExpression("^/[A-Za-z0-9_/-]*[A-Za-z0-9_-]$")]
    public string Prefix { get; set; } = "/_chaos/faults";

    /// <summary>Longest fault duration accepted. <value>Default 3600 s.</value></summary>
    [Range(1, 86_400)]
    public int MaxDurationSeconds { get; set; } = 3600;

    /// <summary>Most faults in force at once. <value>Default 32.</value></summary>
    [Range(1, 1024)]
    public int MaxFaults { get; set; } = 32;

    /// <summary>Longest latency a fault may add (fixed plus jitter). <value>Default 120000 ms.</value></summary>
    [Range(1, 600_000)]
    public int MaxLatencyMs { get; set; } = 120_000;
}
