namespace ReliabilityMcp.Core.Slo;

/// <summary>A rule that fires.</summary>
/// <param name="Tier">Its tier.</param>
/// <param name="LongWindow">Long window.</param>
/// <param name="ShortWindow">Short window.</param>
/// <param name="Threshold">Threshold.</param>
/// <param name="LongBurnRate">Burn rate over the long window.</param>
/// <param name="ShortBurnRate">Burn rate over the short window.</param>
/// <param name="Suppressed">True when a higher tier fires too, so this one is not raised.</param>
public sealed record BurnAlert(
    SloAlertTier Tier, string LongWindow, string ShortWindow, double Threshold, double LongBurnRate, double ShortBurnRate, bool Suppressed);
