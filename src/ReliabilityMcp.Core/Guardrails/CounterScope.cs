using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// Which counters a request reads and, when it executes, spends: the (policy or action) key on each target,
/// the principal's and the action type's rate limits, and the rolling window of services touched autonomously.
/// </summary>
public sealed record CounterScope
{
    /// <summary>Cooldown/hourly key: <c>policy:NAME</c> or <c>action:TYPE</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Target services.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>The principal.</summary>
    public required string Principal { get; init; }

    /// <summary>The action type.</summary>
    public required ActionType Action { get; init; }

    /// <summary>Cooldown started by an execution, seconds (0 = none).</summary>
    public required int CooldownSeconds { get; init; }

    /// <summary>Executions per rolling hour per target.</summary>
    public required int MaxExecutionsPerHour { get; init; }

    /// <summary>Principal rate limit.</summary>
    public required RateLimit PrincipalLimit { get; init; }

    /// <summary>Action rate limit, if configured.</summary>
    public RateLimit? ActionLimit { get; init; }

    /// <summary>Rolling window for services touched autonomously.</summary>
    public required TimeSpan AutonomousWindow { get; init; }

    /// <summary>Whether spending records the targets as touched autonomously.</summary>
    public bool Autonomous { get; init; }

    /// <summary>The scope of <paramref name="request"/> under <paramref name="guard"/>'s configuration.</summary>
    public static CounterScope For(GuardRequest request, Guard guard, bool autonomous)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(guard);
        var config = guard.Configuration;
        var definition = config.ActionFor(request.Action);
        return new CounterScope
        {
            Key = request.Policy is { } p ? $"policy:{p.Name}" : $"action:{request.Action.ToWireName()}",
            Targets = request.Targets,
            Principal = request.Principal,
            Action = request.Action,
            CooldownSeconds = request.Policy?.CooldownSeconds ?? definition.CooldownSeconds,
            MaxExecutionsPerHour = request.Policy?.MaxExecutionsPerHour ?? definition.MaxExecutionsPerHour,
            PrincipalLimit = config.Guard.RateLimits.PerPrincipal,
            ActionLimit = config.Guard.RateLimits.ForAction(request.Action),
            AutonomousWindow = TimeSpan.FromMinutes(config.Guard.BlastRadius.WindowMinutes),
            Autonomous = autonomous,
        };
    }
}
