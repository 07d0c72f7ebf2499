using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// The SLO engine: ingests telemetry into the counter store and evaluates SLOs from it against the configuration
/// in force. Also the <see cref="ISloSignals"/> the guard gates autonomy on and chaos experiments abort on, and the
/// <see cref="IObservedTelemetry"/> a named policy is checked against.
/// </summary>
public sealed class SloService(IReliabilityConfigurationSource configuration, ISloCounterStore store, TimeProvider time) : ISloSignals, IObservedTelemetry
{
    /// <summary>Days of guard decisions behind the agents' own SLIs.</summary>
    public const int AgentWindowDays = 7;

    /// <summary>The SLO definitions in force.</summary>
    public SloSettings Settings => configuration.Current.Slos;

    /// <summary>Validates and ingests <paramref name="batch"/>; a batch id seen before adds nothing.</summary>
    public async Task<IngestResult> IngestAsync(TelemetryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = time.GetUtcNow();
        var aggregation = TelemetryAggregator.Aggregate(batch, Settings, now);
        if (aggregation.Errors.Count > 0)
        {
            return new IngestResult(batch.BatchId, false, false, 0, 0, aggregation.Errors);
        }

        var stored = await store.IngestAsync(batch.BatchId, aggregation.Increments, now, cancellationToken).ConfigureAwait(false);
        return new IngestResult(batch.BatchId, stored, !stored, aggregation.Events, aggregation.Ignored, []);
    }

    /// <summary>Evaluates every SLO of <paramref name="service"/>, or of every service when null; ordered by service then name.</summary>
    public async Task<IReadOnlyList<SloEvaluation>> EvaluateAsync(string? service, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var groups = Settings.Objectives
            .Where(o => service is null || o.Service == service)
            .GroupBy(o => o.Service, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(o => o.Name, StringComparer.Ordinal).ToList())
            .ToList();
        // One read per service, all in flight together: the store connection pipelines them.
        var reads = groups.Select(g => store.ReadAsync(g[0].Service, g, now, cancellationToken)).ToList();
        var observations = await Task.WhenAll(reads).ConfigureAwait(false);
        var result = new List<SloEvaluation>();
        for (var i = 0; i < groups.Count; i++)
        {
            foreach (var slo in groups[i])
            {
                result.Add(SloEvaluator.Evaluate(slo, observations[i][slo.Name]));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<SloSignal?> GetAsync(string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!Settings.For(service).Any())
        {
            return null;
        }

        return SloEvaluator.Worst(service, await EvaluateAsync(service, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The error rate the server measured of <paramref name="service"/> over the last 5 minutes (its availability SLO
    /// with the most events), or null when it has no availability SLO or too little traffic there to judge.
    /// </summary>
    async Task<TelemetrySnapshot?> IObservedTelemetry.GetAsync(string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!Settings.For(service).Any(o => o.Sli == SliKind.Availability))
        {
            return null;
        }

        var recent = (await EvaluateAsync(service, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Definition.Sli == SliKind.Availability)
            .Select(e => e.BurnRates.FirstOrDefault(b => b.Window == SloWindow.FiveMinutes.Name))
            .Where(b => b is { LowTraffic: false, Total: > 0 })
            .MaxBy(b => b!.Total);
        return recent is null
            ? null
            : new TelemetrySnapshot(new Dictionary<string, double> { [TelemetryMetrics.ErrorRate] = (double)recent.Bad / recent.Total });
    }

    /// <summary>The guard decisions per principal over the last <see cref="AgentWindowDays"/> days.</summary>
    public Task<IReadOnlyList<AgentDecisionCounts>> AgentDecisionsAsync(CancellationToken cancellationToken) =>
        store.ReadAgentDecisionsAsync(time.GetUtcNow(), AgentWindowDays, cancellationToken);
}
