using Microsoft.AspNetCore.Http.HttpResults;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>
/// <c>GET /api/slos/history?service=&amp;minutes=</c>: per-minute burn rates and budget for the last hour, recomputed
/// from the stored buckets (minute buckets live at least two hours, so a 1 h burn an hour ago is still complete).
/// For the console's charts; one store read per service and minute, so it is for a person, not for polling fast.
/// </summary>
public static class SloHistoryEndpoints
{
    /// <summary>Longest history served, in minutes.</summary>
    public const int MaxMinutes = 60;

    /// <summary>Maps the endpoint onto the operator API group.</summary>
    public static RouteGroupBuilder MapSloHistoryEndpoint(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/slos/history", GetAsync);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<SloHistorySeries>>, ProblemHttpResult>> GetAsync(
        SloService slo, ISloCounterStore store, TimeProvider time, CancellationToken cancellationToken, string? service = null, int minutes = MaxMinutes)
    {
        if (minutes is < 1 or > MaxMinutes)
        {
            return TypedResults.Problem($"minutes must be 1 to {MaxMinutes}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (service is not null && !ConfigurationValidator.ServiceNamePattern().IsMatch(service))
        {
            return TypedResults.Problem("service must match ^[a-z0-9][a-z0-9-]{0,62}$, e.g. checkout; omit it for every service.", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await ReadAsync(slo.Settings.Objectives, store, time.GetUtcNow(), service, minutes, cancellationToken));
    }

    /// <summary>The history of <paramref name="service"/>'s SLOs (every service when null) over the last <paramref name="minutes"/> minutes.</summary>
    public static async Task<IReadOnlyList<SloHistorySeries>> ReadAsync(
        IReadOnlyList<SloDefinition> objectives, ISloCounterStore store, DateTimeOffset now, string? service, int minutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        ArgumentNullException.ThrowIfNull(store);
        var groups = objectives.Where(o => service is null || o.Service == service)
            .GroupBy(o => o.Service, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(o => o.Name, StringComparer.Ordinal).ToList()).ToList();
        // Whole minutes, oldest first, ending with the running one at "now".
        var end = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var moments = Enumerable.Range(0, minutes).Select(i => i == minutes - 1 ? now : end.AddMinutes(i - minutes + 1)).ToList();
        // Every read in flight together: the store connection pipelines them.
        var reads = groups.Select(g => moments.Select(m => store.ReadAsync(g[0].Service, g, m, cancellationToken)).ToList()).ToList();
        var series = new List<SloHistorySeries>();
        for (var i = 0; i < groups.Count; i++)
        {
            var observations = await Task.WhenAll(reads[i]).ConfigureAwait(false);
            foreach (var definition in groups[i])
            {
                var points = new List<SloHistoryPoint>(moments.Count);
                for (var m = 0; m < moments.Count; m++)
                {
                    var e = SloEvaluator.Evaluate(definition, observations[m][definition.Name]);
                    points.Add(new SloHistoryPoint(moments[m], e.BudgetRemainingFraction, Burn(e, "5m"), Burn(e, "1h")));
                }

                series.Add(new SloHistorySeries(definition.Service, definition.Name, points));
            }
        }

        return series;
    }

    private static double? Burn(SloEvaluation evaluation, string window) =>
        evaluation.BurnRates.FirstOrDefault(b => b.Window == window)?.Rate;
}
