namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// One multi-window burn-rate rule (Google SRE Workbook, "Alerting on SLOs", recommendation 6): fires when the
/// burn rate over both the long and the short window is at least <paramref name="Threshold"/>. The short window
/// makes the alert clear soon after the burning stops.
/// </summary>
/// <param name="Tier">Page or ticket.</param>
/// <param name="LongWindow">Long window name.</param>
/// <param name="ShortWindow">Short window name.</param>
/// <param name="Threshold">Burn rate both windows must reach.</param>
public sealed record BurnAlertRule(SloAlertTier Tier, string LongWindow, string ShortWindow, double Threshold)
{
    /// <summary>The Workbook's four rules: 2 % of a 30 d budget in 1 h, 5 % in 6 h (page); 10 % in 1 d, 10 % in 3 d (ticket).</summary>
    public static IReadOnlyList<BurnAlertRule> Workbook { get; } =
    [
        new(SloAlertTier.Page, "1h", "5m", 14.4),
        new(SloAlertTier.Page, "6h", "30m", 6),
        new(SloAlertTier.Ticket, "1d", "2h", 3),
        new(SloAlertTier.Ticket, "3d", "6h", 1),
    ];
}
