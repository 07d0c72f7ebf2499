namespace ReliabilityMcp.Core.Guardrails;

/// <summary>The guard's checks, in the fixed order they run and are reported.</summary>
public static class GuardChecks
{
    /// <summary>Explore-mode principals cannot change anything; escalate-mode principals always need approval.</summary>
    public const string PrincipalMode = "principal_mode";

    /// <summary>Advisory: what-if only; approval: approval; autonomous: may run.</summary>
    public const string OperatingMode = "operating_mode";

    /// <summary>Blacklisted action types (typed, never string matching).</summary>
    public const string Blacklist = "blacklist";

    /// <summary>The action has an executor that can run it on the targets (nothing is approved that cannot run).</summary>
    public const string Executor = "executor";

    /// <summary>Risk class: HIGH needs one approval, CRITICAL two.</summary>
    public const string RiskClass = "risk_class";

    /// <summary>Below the escalate threshold: denied; up to the autonomous threshold: approval.</summary>
    public const string Confidence = "confidence";

    /// <summary>Targets plus transitive dependants, from the configured service graph.</summary>
    public const string BlastRadius = "blast_radius";

    /// <summary>Distinct services touched autonomously in the rolling window.</summary>
    public const string AutonomousWindow = "autonomous_window";

    /// <summary>Change freeze: only LOW-risk actions run.</summary>
    public const string ChangeFreeze = "change_freeze";

    /// <summary>Outside business hours risky actions need approval.</summary>
    public const string BusinessHours = "business_hours";

    /// <summary>A named policy must be enabled, cover the targets and match the telemetry the server measured of them.</summary>
    public const string PolicyMatch = "policy_match";

    /// <summary>Cooldown per (action, service) and, when a policy is named, per (policy, service) as well.</summary>
    public const string Cooldown = "cooldown";

    /// <summary>Executions per rolling hour per (action, service) and, when a policy is named, per (policy, service) as well.</summary>
    public const string HourlyCap = "hourly_cap";

    /// <summary>Per-principal and per-action rate limits.</summary>
    public const string RateLimit = "rate_limit";

    /// <summary>SLO gate: exhausted budget or a page alert on a target makes autonomous MEDIUM+ actions need approval and refuses chaos.</summary>
    public const string SloBudget = "slo_budget";

    /// <summary>All checks in order.</summary>
    public static IReadOnlyList<string> Order { get; } =
    [
        PrincipalMode, OperatingMode, Blacklist, Executor, RiskClass, Confidence, BlastRadius, AutonomousWindow,
        ChangeFreeze, BusinessHours, PolicyMatch, Cooldown, HourlyCap, RateLimit, SloBudget,
    ];
}
