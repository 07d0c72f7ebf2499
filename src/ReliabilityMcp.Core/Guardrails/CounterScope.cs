using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// Which counters a request reads and, when it executes, spends: the action's key and the named policy's key on each
/// target, the principal's and the action type's rate limits, and the rolling window of services touched autonomously.
/// </summary>
public sealed record CounterScope
{
    /// <summary>Cooldown/hourly counters on each target: the action's, then the named policy's (see <see cref="CounterKey.For"/>).</summary>
    public required IReadOnlyList<CounterKey> Keys { get; init; }

    /// <summary>Target services.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>The principal.</summary>
    public required string Principal { get; init; }

    /// <summary>The action type.</summary>
    public required ActionType Action { get; init; }

    /// <summary>Principal rate limit.</summary>
    public required RateLimit PrincipalLimit { get; init; }

    /// <summary>Action rate limit, if configured.</summary>
    public RateLimit? ActionLimit { get; init; }

    /// <summary>Rolling window for services touched autonomously.</summary>
    public required TimeSpan AutonomousWindow { get; init; }

    /// <summary>Distinct services autonomous executions may touch inside <see cref="AutonomousWindow"/>.</summary>
    public int MaxAutonomousServices { get; init; } = int.MaxValue;

    /// <summary>Whether spending re-checks the autonomous window and records the targets as touched autonomously.</summary>
    public bool Autonomous { get; init; }

    /// <summary>The scope of <paramref name="request"/> under <paramref name="guard"/>'s configuration.</summary>
    public static CounterScope For(GuardRequest request, Guard guard, bool autonomous)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(guard);
        var config = guard.Configuration;
        return new CounterScope
        {
            Keys = CounterKey.For(request, config),
            Targets = request.Targets,
            Principal = request.Principal,
            Action = request.Action,
            PrincipalLimit = config.Guard.RateLimits.PerPrincipal,
            ActionLimit = config.Guard.RateLimits.ForAction(request.Action),
            AutonomousWindow = TimeSpan.FromMinutes(config.Guard.BlastRadius.WindowMinutes),
            MaxAutonomousServices = config.Guard.BlastRadius.MaxAutonomousServicesPerWindow,
            Autonomous = autonomous,
        };
    }
}
