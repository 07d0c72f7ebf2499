namespace ReliabilityMcp.Core.Slo;

/// <summary>Burn rate over one window.</summary>
/// <param name="Window">Window name (<c>5m</c> … <c>3d</c>).</param>
/// <param name="Rate">Error ratio / (1 − objective): 1 spends the budget exactly over the SLO window.</param>
/// <param name="Total">Events in the window.</param>
/// <param name="Bad">Bad events in the window.</param>
/// <param name="LowTraffic">Fewer events than the SLO's minimum: no alert is raised from this window.</param>
public sealed record BurnRate(string Window, double Rate, long Total, long Bad, bool LowTraffic);
