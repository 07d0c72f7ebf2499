namespace ReliabilityMcp.Core.Slo;

/// <summary>What the store holds for one SLO at one moment: the rolling window and every burn window.</summary>
/// <param name="Window">Counts over the SLO's rolling window.</param>
/// <param name="BurnWindows">Counts per burn window name (<c>5m</c> … <c>3d</c>).</param>
public sealed record SloObservation(SloCounts Window, IReadOnlyDictionary<string, SloCounts> BurnWindows);
