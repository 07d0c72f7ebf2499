namespace ReliabilityMcp.Server.Slo;

/// <summary>One SLO's state at one past minute, as the stored buckets give it.</summary>
/// <param name="At">The minute (UTC).</param>
/// <param name="BudgetRemainingFraction">Share of the error budget left then (day buckets: coarse).</param>
/// <param name="BurnRate5m">5-minute burn rate ending then.</param>
/// <param name="BurnRate1h">1-hour burn rate ending then.</param>
public sealed record SloHistoryPoint(DateTimeOffset At, double BudgetRemainingFraction, double? BurnRate5m, double? BurnRate1h);
