namespace ReliabilityMcp.Core.Chaos;

/// <summary>An experiment template: what to inject, for how long, what healthy means and when to stop.</summary>
public sealed record ChaosTemplate
{
    /// <summary>One sentence for humans and models.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// Target selector: <c>service</c> (the run's target is a service in the graph with a chaos endpoint) or
    /// <c>control-plane:store</c> (the server's own store connection). <value>Default service.</value>
    /// </summary>
    public string Target { get; init; } = ChaosTargetKinds.Service;

    /// <summary>Default run length, seconds (the caller may shorten or lengthen it within the maximum).</summary>
    public int DurationSeconds { get; init; } = 60;

    /// <summary>Faults injected for the run.</summary>
    public IReadOnlyList<ChaosFault> Faults { get; init; } = [];

    /// <summary>Steady-state probes, taken before, during and after.</summary>
    public IReadOnlyList<ChaosProbe> Probes { get; init; } = [];

    /// <summary>Steady-state check before injection.</summary>
    public ChaosSteadyState SteadyState { get; init; } = new();

    /// <summary>Abort conditions.</summary>
    public ChaosAbortConditions Abort { get; init; } = new();

    /// <summary>Rollback strategy. <value>Default always.</value></summary>
    public ChaosRollback Rollback { get; init; } = ChaosRollback.Always;

    /// <summary>Severity weight per fault type (latency, error, abort, corrupt, outage); missing types use <see cref="ChaosScoring.DefaultSeverity"/>.</summary>
    public IReadOnlyDictionary<string, double> SeverityWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>The severity weight of <paramref name="fault"/> under this template.</summary>
    public double SeverityOf(ChaosFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return fault.Severity
            ?? (SeverityWeights.TryGetValue(ChaosScoring.TypeName(fault.Type), out var w) ? w : ChaosScoring.DefaultSeverity(fault.Type));
    }
}
