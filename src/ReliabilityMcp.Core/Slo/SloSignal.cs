namespace ReliabilityMcp.Core.Slo;

/// <summary>A service's worst SLO at a moment: enough for gating and abort decisions.</summary>
/// <param name="Service">The service.</param>
/// <param name="Slo">Name of the SLO this signal comes from (the one with the least budget left).</param>
/// <param name="BudgetRemainingFraction">Error budget left over the rolling window, 1 = untouched, ≤ 0 = exhausted.</param>
/// <param name="BudgetRemainingEvents">Bad events still allowed in the window.</param>
/// <param name="BurnRate5m">Burn rate over the last 5 minutes.</param>
/// <param name="BurnRate1h">Burn rate over the last hour.</param>
/// <param name="PageAlert">Whether a page-tier multi-window burn alert fires.</param>
/// <param name="LowTraffic">True when the window has too few events for a verdict.</param>
public sealed record SloSignal(
    string Service,
    string Slo,
    double BudgetRemainingFraction,
    double BudgetRemainingEvents,
    double BurnRate5m,
    double BurnRate1h,
    bool PageAlert,
    bool LowTraffic);
