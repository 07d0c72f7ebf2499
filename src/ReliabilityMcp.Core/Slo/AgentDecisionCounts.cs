namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// The guard's decisions for one principal, and the agents' own SLIs derived from them: policy compliance
/// (share of state-changing requests not denied), human intervention rate (share needing approval) and mode
/// adherence (share within the principal's declared mode, i.e. not refused by the principal-mode check).
/// </summary>
/// <param name="Principal">The principal.</param>
/// <param name="Requests">State-changing requests decided.</param>
/// <param name="Denied">Denied.</param>
/// <param name="NeedsApproval">Sent to a human.</param>
/// <param name="OutsideMode">Refused by the principal-mode check (e.g. a state change from an explore-mode principal).</param>
public sealed record AgentDecisionCounts(string Principal, long Requests, long Denied, long NeedsApproval, long OutsideMode)
{
    /// <summary>Share of requests not denied; null without requests.</summary>
    public double? PolicyCompliance => Requests == 0 ? null : 1 - ((double)Denied / Requests);

    /// <summary>Share of requests that needed a human; null without requests.</summary>
    public double? HumanInterventionRate => Requests == 0 ? null : (double)NeedsApproval / Requests;

    /// <summary>Share of requests within the declared mode; null without requests.</summary>
    public double? ModeAdherence => Requests == 0 ? null : 1 - ((double)OutsideMode / Requests);
}
