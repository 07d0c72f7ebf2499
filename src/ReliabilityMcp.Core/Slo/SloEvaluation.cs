namespace ReliabilityMcp.Core.Slo;

/// <summary>One SLO's state: SLI, error budget, burn rates, alerts, projection.</summary>
public sealed record SloEvaluation
{
    /// <summary>The SLO.</summary>
    public required SloDefinition Definition { get; init; }

    /// <summary>Good / total over the rolling window as a fraction 0–1; null with no events.</summary>
    public double? Sli { get; init; }

    /// <summary>Events in the rolling window.</summary>
    public long TotalEvents { get; init; }

    /// <summary>Bad events in the rolling window.</summary>
    public long BadEvents { get; init; }

    /// <summary>Bad events the window allows: total × (1 − objective).</summary>
    public double BudgetTotalEvents { get; init; }

    /// <summary>Bad events still allowed (negative when overspent).</summary>
    public double BudgetRemainingEvents { get; init; }

    /// <summary>Share of the budget left: 1 untouched, ≤ 0 exhausted.</summary>
    public double BudgetRemainingFraction { get; init; }

    /// <summary>True when the window had fewer events than <see cref="SloDefinition.MinEvents"/>: no verdict.</summary>
    public bool LowTraffic { get; init; }

    /// <summary>Budget exhausted (and enough traffic to say so).</summary>
    public bool BudgetExhausted => !LowTraffic && BudgetRemainingFraction <= SloEvaluator.Tolerance;

    /// <summary>Burn rate per window, shortest first.</summary>
    public IReadOnlyList<BurnRate> BurnRates { get; init; } = [];

    /// <summary>Highest tier firing.</summary>
    public SloAlertTier Alert { get; init; }

    /// <summary>Every rule that fires; lower tiers marked suppressed while a higher one fires.</summary>
    public IReadOnlyList<BurnAlert> Alerts { get; init; } = [];

    /// <summary>When the budget runs out at the current 1 h burn rate: zero when already spent, null when not burning.</summary>
    public TimeSpan? TimeToExhaustion { get; init; }

    /// <summary>Burn rate of window <paramref name="name"/> (0 when absent).</summary>
    public double Burn(string name) => BurnRates.FirstOrDefault(b => b.Window == name)?.Rate ?? 0;
}
