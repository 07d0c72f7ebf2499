namespace ReliabilityMcp.Core.Chaos;

/// <summary>The <c>chaos:</c> section: the template library, where targets' chaos endpoints are, and run limits.</summary>
public sealed record ChaosSettings
{
    /// <summary>Seconds between abort-condition checks while faults are in. <value>Default 5.</value></summary>
    public int WatchIntervalSeconds { get; init; } = 5;

    /// <summary>Longest run accepted. <value>Default 1800 s.</value></summary>
    public int MaxDurationSeconds { get; init; } = 1800;

    /// <summary>Seconds allowed for the target to recover after faults are removed. <value>Default 60.</value></summary>
    public int RecoveryTimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// The service-graph name the guard judges control-plane game days against (declare it under services to allow
    /// them; its dependants are what a control-plane outage puts at risk). <value>Default <c>reliability-mcp</c>.</value>
    /// </summary>
    public string ControlPlaneService { get; init; } = "reliability-mcp";

    /// <summary>Chaos endpoints by service name.</summary>
    public IReadOnlyDictionary<string, ChaosTargetEndpoint> Targets { get; init; } = new Dictionary<string, ChaosTargetEndpoint>();

    /// <summary>Template library by name. <value>Default <see cref="ChaosTemplateLibrary.Defaults"/>.</value></summary>
    public IReadOnlyDictionary<string, ChaosTemplate> Templates { get; init; } = ChaosTemplateLibrary.Defaults;
}
