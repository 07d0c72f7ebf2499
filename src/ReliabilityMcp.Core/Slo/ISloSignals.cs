namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// The SLO engine's view of one service, for consumers outside the SLO feature: the guard (SLO-gated autonomy)
/// and chaos experiments (abort conditions, budget consumed by a run).
/// </summary>
public interface ISloSignals
{
    /// <summary>The worst SLO of <paramref name="service"/> right now, or null when it has no SLO defined.</summary>
    Task<SloSignal?> GetAsync(string service, CancellationToken cancellationToken);
}
