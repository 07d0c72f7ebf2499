namespace ReliabilityMcp.Core.Slo;

/// <summary>Time-bucketed SLO counters in the store, and the guard decision counters behind the agents' own SLIs.</summary>
public interface ISloCounterStore
{
    /// <summary>
    /// Adds <paramref name="increments"/> atomically, once per <paramref name="batchId"/>: returns false (and adds
    /// nothing) when the batch id was ingested before.
    /// </summary>
    Task<bool> IngestAsync(string batchId, IReadOnlyList<SloIncrement> increments, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The rolling window and every burn window of each of <paramref name="slos"/> (all of one service) at <paramref name="now"/>.</summary>
    Task<IReadOnlyDictionary<string, SloObservation>> ReadAsync(
        string service, IReadOnlyList<SloDefinition> slos, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Guard decisions per principal over the last <paramref name="days"/> days (the current day included).</summary>
    Task<IReadOnlyList<AgentDecisionCounts>> ReadAgentDecisionsAsync(DateTimeOffset now, int days, CancellationToken cancellationToken);
}
