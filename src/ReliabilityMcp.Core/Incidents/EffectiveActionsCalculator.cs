using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>
/// Aggregates the outcomes of similar incidents into per-action success rates, weighted by similarity, so the
/// closest incidents count most. Pure: the same inputs always give the same answer.
/// </summary>
/// <remarks>
/// An outcome's success is credited to every distinct action type it used (outcomes record what was done
/// together, not which action did the trick). Incidents with similarity 0 carry no weight and are skipped. With
/// fewer than <see cref="MinimumOutcomes"/> outcomes in total nothing is ranked, and an action used by fewer than
/// <see cref="MinimumOutcomes"/> outcomes is listed without a rank: two anecdotes are not a track record.
/// </remarks>
public static class EffectiveActionsCalculator
{
    /// <summary>Least evidence (outcomes) before a ranking is claimed.</summary>
    public const int MinimumOutcomes = 3;

    /// <summary>The prior weight in the confidence <c>W / (W + 2)</c>.</summary>
    public const double ConfidencePrior = 2;

    /// <summary>Computes the effective actions over <paramref name="incidents"/>.</summary>
    public static EffectiveActions Compute(IReadOnlyList<SimilarIncident> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var tallies = new Dictionary<ActionType, Tally>();
        var outcomes = 0;
        foreach (var incident in incidents)
        {
            if (incident.Similarity <= 0)
            {
                continue;
            }

            foreach (var outcome in incident.Outcomes)
            {
                outcomes++;
                foreach (var action in outcome.Details.Actions.Select(a => a.Action).Distinct())
                {
                    var tally = tallies.TryGetValue(action, out var t) ? t : new Tally();
                    tally.Count++;
                    tally.Weight += incident.Similarity;
                    if (outcome.Details.Success)
                    {
                        tally.Successes++;
                        tally.SuccessWeight += incident.Similarity;
                    }

                    tallies[action] = tally;
                }
            }
        }

        var enough = outcomes >= MinimumOutcomes;
        var rows = tallies.Select(kv =>
        {
            var rate = kv.Value.SuccessWeight / kv.Value.Weight;
            var confidence = kv.Value.Weight / (kv.Value.Weight + ConfidencePrior);
            return new ActionEffectiveness(kv.Key, kv.Value.Count, kv.Value.Successes, kv.Value.Weight, rate, confidence, rate * confidence, null);
        }).ToList();

        var ranked = enough
            ? rows.Where(r => r.Count >= MinimumOutcomes)
                .OrderByDescending(r => r.Score).ThenByDescending(r => r.Weight).ThenBy(r => r.Action.ToWireName(), StringComparer.Ordinal)
                .Select((r, i) => r with { Rank = i + 1 }).ToList()
            : [];
        var unranked = rows.Where(r => ranked.All(x => x.Action != r.Action))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Action.ToWireName(), StringComparer.Ordinal);
        var all = ranked.Concat(unranked).ToList();

        var note = !enough
            ? $"Insufficient history: {outcomes} outcome{(outcomes == 1 ? "" : "s")} among the similar incidents; at least {MinimumOutcomes} are needed before any action is ranked."
            : ranked.Count == 0
                ? $"Insufficient history: no single action was used in at least {MinimumOutcomes} outcomes."
                : $"Ranked {ranked.Count} action{(ranked.Count == 1 ? "" : "s")} by similarity-weighted success rate × confidence over {outcomes} outcomes; actions used fewer than {MinimumOutcomes} times are listed unranked.";
        return new EffectiveActions(enough && ranked.Count > 0 ? EffectiveActions.Ranked : EffectiveActions.InsufficientHistory, outcomes, all, note);
    }

    private sealed class Tally
    {
        public int Count { get; set; }

        public int Successes { get; set; }

        public double Weight { get; set; }

        public double SuccessWeight { get; set; }
    }
}
