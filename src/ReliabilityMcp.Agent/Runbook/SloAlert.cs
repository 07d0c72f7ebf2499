namespace ReliabilityMcp.Agent.Runbook;

/// <summary>
/// One alerting SLO as read from <c>slo_status</c>: the numbers the runbook reasons with, each copied from the tool's
/// answer (nothing here is estimated).
/// </summary>
/// <param name="Service">The service.</param>
/// <param name="Slo">The SLO's name.</param>
/// <param name="SliKind"><c>availability</c> or <c>latency</c>.</param>
/// <param name="Objective">Objective in percent.</param>
/// <param name="Tier"><c>page</c> or <c>ticket</c>.</param>
/// <param name="Sli">SLI over the SLO window (0-1), when known.</param>
/// <param name="BudgetRemainingFraction">Share of the error budget left (1 untouched, ≤ 0 exhausted).</param>
/// <param name="Burn5m">Burn rate over 5 minutes.</param>
/// <param name="Burn1h">Burn rate over 1 hour.</param>
/// <param name="ShortWindow">The shortest window with enough traffic to judge (<c>5m</c>, else <c>1h</c>).</param>
/// <param name="ShortTotal">Events in <paramref name="ShortWindow"/>.</param>
/// <param name="ShortBad">Bad events in <paramref name="ShortWindow"/>.</param>
public sealed record SloAlert(
    string Service,
    string Slo,
    string SliKind,
    double Objective,
    string Tier,
    double? Sli,
    double BudgetRemainingFraction,
    double Burn5m,
    double Burn1h,
    string ShortWindow,
    long ShortTotal,
    long ShortBad)
{
    /// <summary>Bad share over the short window: 1 − SLI over that window.</summary>
    public double ShortBadRatio => ShortTotal == 0 ? 0 : (double)ShortBad / ShortTotal;

    /// <summary>Pages outrank tickets.</summary>
    public int TierRank => Tier == "page" ? 2 : 1;
}
