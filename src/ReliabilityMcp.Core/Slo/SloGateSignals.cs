namespace ReliabilityMcp.Core.Slo;

/// <summary>What the guard's SLO gate knows about a request's targets.</summary>
/// <param name="ByTarget">Each target's worst SLO signal (null: no SLO defined for it).</param>
/// <param name="Problem">Why the SLO state could not be read (store down, timeout); the gate then fails closed.</param>
public sealed record SloGateSignals(IReadOnlyDictionary<string, SloSignal?> ByTarget, string? Problem = null)
{
    /// <summary>Signals that could not be read.</summary>
    public static SloGateSignals Unavailable(string problem) => new(new Dictionary<string, SloSignal?>(), problem);
}
