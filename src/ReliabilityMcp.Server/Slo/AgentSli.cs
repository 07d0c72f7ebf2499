using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>The agents' own SLIs for one principal (or <c>*</c> for all), from the guard's decisions.</summary>
public sealed record AgentSli
{
    /// <summary>Principal name, or <c>*</c> for every principal together.</summary>
    public required string Principal { get; init; }

    /// <summary>State-changing requests the guard decided.</summary>
    public long Requests { get; init; }

    /// <summary>Share not denied, 0–1 (null without requests).</summary>
    public double? PolicyCompliance { get; init; }

    /// <summary>Share that needed a human, 0–1 (null without requests).</summary>
    public double? HumanInterventionRate { get; init; }

    /// <summary>Share within the principal's declared mode, 0–1 (null without requests).</summary>
    public double? ModeAdherence { get; init; }

    /// <summary>Denied requests.</summary>
    public long Denied { get; init; }

    /// <summary>Requests that needed approval.</summary>
    public long NeedsApproval { get; init; }

    /// <summary>Requests outside the principal's declared mode.</summary>
    public long OutsideMode { get; init; }

    /// <summary>The view of <paramref name="c"/>.</summary>
    public static AgentSli From(AgentDecisionCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new AgentSli
        {
            Principal = c.Principal,
            Requests = c.Requests,
            PolicyCompliance = c.PolicyCompliance,
            HumanInterventionRate = c.HumanInterventionRate,
            ModeAdherence = c.ModeAdherence,
            Denied = c.Denied,
            NeedsApproval = c.NeedsApproval,
            OutsideMode = c.OutsideMode,
        };
    }
}
