namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// The SLO arithmetic, following the Google SRE Workbook ("Implementing SLOs", "Alerting on SLOs"). Pure: counts
/// in, evaluation out. Burn rate = error ratio / (1 − objective), so a 99.9 % SLO with 0.1 % errors burns at 1.0;
/// the budget is a share of the window's own traffic, so one bad event in a quiet window cannot exhaust it
/// unless the window has too few events for a verdict, which is flagged instead.
/// </summary>
public static class SloEvaluator
{
    /// <summary>Relative tolerance for threshold comparisons, so exact hand-computed thresholds are not lost to rounding.</summary>
    internal const double Tolerance = 1e-9;

    /// <summary>Evaluates <paramref name="definition"/> over <paramref name="observation"/>.</summary>
    public static SloEvaluation Evaluate(SloDefinition definition, SloObservation observation)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(observation);
        var ratio = definition.ErrorBudgetRatio;
        var window = observation.Window;
        var budget = window.Total * ratio;
        var remaining = budget - window.Bad;
        var remainingFraction = window.Total == 0 ? 1 : 1 - (window.Bad / budget);

        var burns = new List<BurnRate>(SloWindow.BurnWindows.Count);
        foreach (var w in SloWindow.BurnWindows)
        {
            var counts = observation.BurnWindows.GetValueOrDefault(w.Name);
            burns.Add(new BurnRate(w.Name, counts.ErrorRatio / ratio, counts.Total, counts.Bad, counts.Total < definition.MinEvents));
        }

        var alerts = FiringRules(burns);
        var top = alerts.Count == 0 ? SloAlertTier.None : alerts.Max(a => a.Tier);
        alerts = [.. alerts.Select(a => a with { Suppressed = a.Tier < top })];

        var burn1h = burns.First(b => b.Window == SloWindow.OneHour.Name).Rate;
        TimeSpan? exhaustion = remainingFraction <= Tolerance && window.Total > 0 ? TimeSpan.Zero
            : burn1h > 0 ? SloWindow.Rolling(definition.WindowDays).Length * (Math.Max(0, remainingFraction) / burn1h)
            : null;

        return new SloEvaluation
        {
            Definition = definition,
            Sli = window.Total == 0 ? null : (double)window.Good / window.Total,
            TotalEvents = window.Total,
            BadEvents = window.Bad,
            BudgetTotalEvents = budget,
            BudgetRemainingEvents = remaining,
            BudgetRemainingFraction = remainingFraction,
            LowTraffic = window.Total < definition.MinEvents,
            BurnRates = burns,
            Alert = top,
            Alerts = alerts,
            TimeToExhaustion = exhaustion,
        };
    }

    /// <summary>The worst of <paramref name="evaluations"/> as a signal for the guard: page alert first, then least budget.</summary>
    public static SloSignal? Worst(string service, IEnumerable<SloEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var worst = evaluations
            .OrderByDescending(e => e.Alert == SloAlertTier.Page)
            .ThenByDescending(e => !e.LowTraffic)
            .ThenBy(e => e.BudgetRemainingFraction)
            .FirstOrDefault();
        return worst is null ? null : new SloSignal(
            service, worst.Definition.Name, worst.BudgetRemainingFraction, worst.BudgetRemainingEvents,
            worst.Burn(SloWindow.FiveMinutes.Name), worst.Burn(SloWindow.OneHour.Name), worst.Alert == SloAlertTier.Page, worst.LowTraffic);
    }

    private static List<BurnAlert> FiringRules(List<BurnRate> burns)
    {
        var fired = new List<BurnAlert>();
        foreach (var rule in BurnAlertRule.Workbook)
        {
            var longW = burns.First(b => b.Window == rule.LongWindow);
            var shortW = burns.First(b => b.Window == rule.ShortWindow);
            // A window too quiet to judge never raises an alert: one bad request in five is not an outage.
            if (!longW.LowTraffic && !shortW.LowTraffic && AtLeast(longW.Rate, rule.Threshold) && AtLeast(shortW.Rate, rule.Threshold))
            {
                fired.Add(new BurnAlert(rule.Tier, rule.LongWindow, rule.ShortWindow, rule.Threshold, longW.Rate, shortW.Rate, false));
            }
        }

        return fired;
    }

    private static bool AtLeast(double value, double threshold) => value >= threshold * (1 - Tolerance);
}
