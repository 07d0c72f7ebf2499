namespace ReliabilityMcp.Core.Slo;

/// <summary>The <c>slos</c> configuration section: objectives, scrape targets and the gate's settings.</summary>
public sealed record SloSettings
{
    /// <summary>The SLOs.</summary>
    public IReadOnlyList<SloDefinition> Objectives { get; init; } = [];

    /// <summary>Prometheus endpoints scraped for request counters.</summary>
    public IReadOnlyList<SloScrapeTarget> ScrapeTargets { get; init; } = [];

    /// <summary>Seconds between scrapes.</summary>
    /// <value>Default 30.</value>
    public int ScrapeIntervalSeconds { get; init; } = 30;

    /// <summary>Chaos against a service is refused while its worst SLO has less than this share of budget left.</summary>
    /// <value>Default 0.1 (10 %): a nearly spent budget is not one to spend on experiments.</value>
    public double ChaosMinBudgetRemaining { get; init; } = 0.1;

    /// <summary>The SLOs of <paramref name="service"/>.</summary>
    public IEnumerable<SloDefinition> For(string service) => Objectives.Where(o => string.Equals(o.Service, service, StringComparison.Ordinal));
}
