namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// A service's HTTP health probe (<c>services.NAME.health_check</c>), run before and after every executed action.
/// A failed after-check runs the recorded inverse and marks the outcome failed.
/// </summary>
public sealed record HealthCheckDefinition
{
    /// <summary>Absolute http(s) URL probed with GET.</summary>
    public string Url { get; init; } = "";

    /// <summary>The status code that means healthy.</summary>
    /// <value>Default 200.</value>
    public int ExpectedStatus { get; init; } = 200;

    /// <summary>Per-probe timeout.</summary>
    /// <value>Default 5 seconds.</value>
    public int TimeoutSeconds { get; init; } = 5;

    /// <summary>After-check probes before giving up (a restarted service needs a moment).</summary>
    /// <value>Default 3.</value>
    public int Attempts { get; init; } = 3;

    /// <summary>Pause between after-check probes.</summary>
    /// <value>Default 2 seconds.</value>
    public int IntervalSeconds { get; init; } = 2;
}
