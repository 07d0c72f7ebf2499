namespace ReliabilityMcp.Core.Slo;

/// <summary>One service level objective from the <c>slos.objectives</c> configuration section.</summary>
public sealed record SloDefinition
{
    /// <summary>The service, as in the service graph.</summary>
    public string Service { get; init; } = "";

    /// <summary>Name, unique in the configuration (e.g. <c>checkout-availability</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>What is measured.</summary>
    public SliKind Sli { get; init; } = SliKind.Availability;

    /// <summary>Target in percent, e.g. 99.9.</summary>
    public double Objective { get; init; } = 99.9;

    /// <summary>Rolling window in days.</summary>
    /// <value>Default 30; 28 is the other common choice (whole weeks).</value>
    public int WindowDays { get; init; } = 30;

    /// <summary>Events a window needs before it gets a verdict; fewer gives the low-traffic flag instead.</summary>
    /// <value>Default 100.</value>
    public long MinEvents { get; init; } = 100;

    /// <summary>For <see cref="SliKind.Latency"/>: requests at most this many milliseconds are good.</summary>
    public double? LatencyThresholdMs { get; init; }

    /// <summary>The allowed error ratio, 1 − objective/100 (0.001 for 99.9).</summary>
    /// <remarks>Rounded to 12 places so 99.9 gives the double nearest 0.001, not 0.000999999999999943.</remarks>
    public double ErrorBudgetRatio => Math.Round((100 - Objective) / 100, 12);
}
