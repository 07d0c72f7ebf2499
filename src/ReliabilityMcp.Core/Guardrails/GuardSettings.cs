namespace ReliabilityMcp.Core.Guardrails;

/// <summary>The guard's configuration (shared/DESIGN.md §4).</summary>
public sealed record GuardSettings
{
    /// <summary>Operating mode for principals without an override.</summary>
    /// <value>Default <see cref="OperatingMode.Advisory"/>: a fresh install never executes on its own.</value>
    public OperatingMode DefaultMode { get; init; } = OperatingMode.Advisory;

    /// <summary>Agent mode for principals not listed in <see cref="Principals"/>.</summary>
    /// <value>Default <see cref="AgentMode.Execute"/>.</value>
    public AgentMode DefaultAgentMode { get; init; } = AgentMode.Execute;

    /// <summary>Per-principal modes, keyed by principal name.</summary>
    public IReadOnlyDictionary<string, PrincipalSettings> Principals { get; init; } = new Dictionary<string, PrincipalSettings>();

    /// <summary>Blast radius limits.</summary>
    public BlastRadiusSettings BlastRadius { get; init; } = new();

    /// <summary>Confidence thresholds.</summary>
    public ConfidenceSettings Confidence { get; init; } = new();

    /// <summary>Change-freeze windows.</summary>
    public IReadOnlyList<ChangeFreeze> ChangeFreezes { get; init; } = [];

    /// <summary>Working hours; null disables the rule.</summary>
    public BusinessHours? BusinessHours { get; init; }

    /// <summary>Execution rate limits.</summary>
    public RateLimitSettings RateLimits { get; init; } = new();

    /// <summary>The agent mode of <paramref name="principal"/>.</summary>
    public AgentMode AgentModeOf(string principal) =>
        Principals.TryGetValue(principal, out var p) ? p.Mode : DefaultAgentMode;

    /// <summary>The operating mode in force for <paramref name="principal"/>.</summary>
    public OperatingMode OperatingModeOf(string principal) =>
        Principals.TryGetValue(principal, out var p) && p.OperatingMode is { } mode ? mode : DefaultMode;
}
