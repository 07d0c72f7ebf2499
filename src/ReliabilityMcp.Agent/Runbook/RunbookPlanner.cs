using System.Globalization;
using System.Text.Json;

namespace ReliabilityMcp.Agent.Runbook;

/// <summary>
/// The runbook brain's decisions, as pure functions of the tools' structured answers (no I/O, no clock), so that every
/// rule can be tested with hand-written tool results. The episode runner does the calling; this class does the thinking.
/// </summary>
public static class RunbookPlanner
{
    /// <summary>Constant part of <see cref="Confidence"/>: acting on a live alert at all.</summary>
    public const double BaseConfidence = 0.05;

    /// <summary>Weight of a matched healing policy (a human wrote this rule for this situation).</summary>
    public const double PolicyWeight = 0.45;

    /// <summary>Weight of history: success rate × evidence confidence from <c>effective_actions</c>.</summary>
    public const double HistoryWeight = 0.4;

    /// <summary>Weight of the closest past incident this action resolved.</summary>
    public const double SimilarityWeight = 0.1;

    /// <summary>The Workbook's fast-burn page threshold (2% of a 30-day budget in one hour).</summary>
    public const double FastBurn = 14.4;

    /// <summary>Never claim certainty: the guard's autonomous threshold is a human's choice, not the agent's.</summary>
    public const double MaxConfidence = 0.95;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The worst firing alert per service in a <c>slo_status</c> answer: pages before tickets, then the higher 1 h burn.
    /// SLOs with a low-traffic or unknown verdict never alert (the server already raises none for them).
    /// </summary>
    public static IReadOnlyList<SloAlert> FindAlerts(JsonElement sloStatus)
    {
        var alerts = new List<SloAlert>();
        if (!sloStatus.TryGetProperty("slos", out var slos) || slos.ValueKind != JsonValueKind.Array)
        {
            return alerts;
        }

        foreach (var slo in slos.EnumerateArray())
        {
            var tier = Str(slo, "alert");
            var verdict = Str(slo, "verdict");
            if (tier is not ("page" or "ticket") || verdict is "low_traffic" or "unknown")
            {
                continue;
            }

            var burns = Burns(slo);
            var (window, total, bad) = burns.TryGetValue("5m", out var five) && !five.LowTraffic && five.Total > 0
                ? ("5m", five.Total, five.Bad)
                : burns.TryGetValue("1h", out var hour) ? ("1h", hour.Total, hour.Bad) : ("none", 0L, 0L);
            alerts.Add(new SloAlert(
                Str(slo, "service") ?? "",
                Str(slo, "name") ?? "",
                Str(slo, "sliKind") ?? "availability",
                Num(slo, "objective") ?? 0,
                tier,
                Num(slo, "sli"),
                Num(slo, "budgetRemainingFraction") ?? 1,
                burns.TryGetValue("5m", out var b5) ? b5.Rate : 0,
                burns.TryGetValue("1h", out var b1) ? b1.Rate : 0,
                window,
                total,
                bad));
        }

        return [.. alerts.GroupBy(a => a.Service, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(a => a.TierRank).ThenByDescending(a => a.Burn1h).ThenBy(a => a.Slo, StringComparer.Ordinal).First())
            .OrderBy(a => a.Service, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Whether <paramref name="service"/> has recovered from the alert on <paramref name="slo"/>: that SLO is judged and
    /// burns its budget at most as fast as the window allows over 5 minutes (5m burn ≤ 1), and no SLO of the service
    /// burns fast right now (5m burn ≥ 14.4, the page threshold). The alert flags themselves are not required to
    /// clear: the slow page pair (6 h and 30 m at 6×) keeps firing for up to 30 minutes after a fix, and a ticket's
    /// 1 d and 3 d windows remember the incident for hours. Another SLO of the service burning slowly (a latency SLO
    /// ticketing on a busy machine) is its own alert; it does not make this fix a failure.
    /// </summary>
    public static bool IsRecovered(JsonElement sloStatus, string service, string slo)
    {
        if (!sloStatus.TryGetProperty("slos", out var slos) || slos.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var recovered = false;
        foreach (var entry in slos.EnumerateArray().Where(s => Str(s, "service") == service))
        {
            var judged = Str(entry, "verdict") != "unknown" && Burns(entry).TryGetValue("5m", out var five) && !five.LowTraffic;
            var burn = Burns(entry).TryGetValue("5m", out var b) ? b.Rate : 0;
            if (judged && burn >= FastBurn)
            {
                return false;
            }

            if (Str(entry, "name") == slo)
            {
                recovered = judged && burn <= 1;
            }
        }

        return recovered;
    }

    /// <summary>The <c>find_similar_incidents</c> query: the symptoms in words, numbers as <c>slo_status</c> gave them.</summary>
    public static string Query(SloAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var what = alert.SliKind == "latency" ? "slow requests (latency SLO)" : "failing requests (availability SLO)";
        return string.Create(Inv,
            $"{alert.Service}: SLO {alert.Slo} ({alert.Objective}% objective) {alert.Tier} alert, {what}; burn rate 5m {alert.Burn5m:0.##}, 1h {alert.Burn1h:0.##}; " +
            $"{alert.ShortBadRatio * 100:0.##}% bad over {alert.ShortWindow}; {alert.BudgetRemainingFraction * 100:0.#}% error budget left");
    }

    /// <summary>
    /// Telemetry for <c>evaluate_policies</c>, derived from <c>slo_status</c>: for an availability SLO,
    /// <c>error_rate</c> = bad / total over the short window (= 1 − SLI over that window); for a latency SLO the slow
    /// share goes in the custom metric <c>slow_request_ratio</c> (a share is not a p99, so latency_p99 is not invented).
    /// </summary>
    public static Dictionary<string, object> Telemetry(SloAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var ratio = Math.Round(alert.ShortBadRatio, 6);
        return alert.SliKind == "latency"
            ? new Dictionary<string, object> { ["custom"] = new Dictionary<string, double> { ["slow_request_ratio"] = ratio } }
            : new Dictionary<string, object> { ["error_rate"] = ratio };
    }

    /// <summary>
    /// Every action worth considering, best first: actions of matched policies by policy priority (1 first), then by
    /// historical effectiveness (effective_actions score), then by their order in the policy; after them, actions that
    /// only history recommends (success rate ≥ 0.5), by score. Duplicates keep their best place.
    /// </summary>
    public static IReadOnlyList<ActionCandidate> Candidates(JsonElement policies, JsonElement similar)
    {
        var history = History(similar);
        var bestSimilarity = ResolvedSimilarity(similar);
        var list = new List<ActionCandidate>();
        if (policies.TryGetProperty("matched", out var matched) && matched.ValueKind == JsonValueKind.Array)
        {
            foreach (var policy in matched.EnumerateArray())
            {
                var name = Str(policy, "name");
                var priority = (int)(Num(policy, "priority") ?? 5);
                if (!policy.TryGetProperty("actions", out var actions))
                {
                    continue;
                }

                var order = 0;
                foreach (var action in actions.EnumerateArray().Select(a => a.GetString()).OfType<string>())
                {
                    list.Add(Candidate(action, name, priority, order++));
                }
            }
        }

        foreach (var (action, h) in history.Where(h => h.Value.SuccessRate >= 0.5))
        {
            list.Add(Candidate(action, null, int.MaxValue, 0));
        }

        return [.. list
            .OrderBy(c => c.PolicyPriority).ThenByDescending(c => c.HistoryScore).ThenBy(c => c.PolicyOrder).ThenBy(c => c.Action, StringComparer.Ordinal)
            .DistinctBy(c => c.Action, StringComparer.Ordinal)];

        ActionCandidate Candidate(string action, string? policy, int priority, int order)
        {
            var h = history.GetValueOrDefault(action);
            return new ActionCandidate(action, policy, priority, order, h.Score, h.SuccessRate, h.Confidence, bestSimilarity.GetValueOrDefault(action));
        }
    }

    /// <summary>
    /// confidence = 0.05 + 0.45 × [a matched policy recommends it] + 0.4 × success rate × evidence confidence
    /// (effective_actions) + 0.1 × similarity of the closest past incident it resolved, capped at 0.95.
    /// A policy alone gives 0.5 (enough to ask, not enough to act alone: the guard asks a human up to 0.8);
    /// history alone gives at most 0.55; autonomy needs a policy and strong history.
    /// </summary>
    public static double Confidence(ActionCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var value = BaseConfidence
            + (candidate.Policy is null ? 0 : PolicyWeight)
            + HistoryWeight * Math.Clamp(candidate.HistorySuccessRate, 0, 1) * Math.Clamp(candidate.HistoryConfidence, 0, 1)
            + SimilarityWeight * Math.Clamp(candidate.BestSimilarity, 0, 1);
        return Math.Round(Math.Min(MaxConfidence, value), 3);
    }

    /// <summary>The decision for <paramref name="alert"/>, or null when neither a policy nor history recommends anything (a human's call).</summary>
    public static RunbookDecision? Decide(SloAlert alert, JsonElement policies, JsonElement similar)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var best = Candidates(policies, similar).FirstOrDefault();
        if (best is null)
        {
            return null;
        }

        var confidence = Confidence(best);
        var telemetry = alert.SliKind == "latency" ? "slow_request_ratio" : "error_rate";
        var why = string.Create(Inv,
            $"Runbook agent: {alert.Tier} alert on SLO {alert.Slo} of {alert.Service} (slo_status: burn 5m {alert.Burn5m:0.##}, 1h {alert.Burn1h:0.##}, " +
            $"{alert.BudgetRemainingFraction * 100:0.#}% budget left; {telemetry} {alert.ShortBadRatio:0.####} = bad/total over {alert.ShortWindow}, {alert.ShortBad}/{alert.ShortTotal}). ") +
            (best.Policy is null
                ? "No healing policy matched; "
                : string.Create(Inv, $"evaluate_policies with that {telemetry}: policy {best.Policy} (priority {best.PolicyPriority}) matched and recommends {best.Action}; ")) +
            (best.HistoryConfidence > 0
                ? string.Create(Inv, $"find_similar_incidents: {best.Action} succeeded at rate {best.HistorySuccessRate:0.##} (evidence confidence {best.HistoryConfidence:0.##}, score {best.HistoryScore:0.##})")
                : "find_similar_incidents: no history for this action") +
            (best.BestSimilarity > 0 ? string.Create(Inv, $", resolved a past incident of similarity {best.BestSimilarity:0.##}.") : ".") +
            string.Create(Inv, $" Confidence {confidence:0.###} = 0.05 + 0.45·policy + 0.4·success·evidence + 0.1·similarity.");
        return new RunbookDecision(best.Action, best.Policy, confidence, why);
    }

    /// <summary>Severity for <c>record_incident</c>: a page is high, a ticket medium.</summary>
    public static string Severity(SloAlert alert) => alert?.Tier == "page" ? "high" : "medium";

    /// <summary>Whether an approval state is final (the request will not change any more).</summary>
    public static bool IsFinalApprovalState(string? state) => state is "completed" or "failed" or "rolled_back" or "rejected" or "expired";

    private static Dictionary<string, (double Score, double SuccessRate, double Confidence)> History(JsonElement similar)
    {
        var map = new Dictionary<string, (double, double, double)>(StringComparer.Ordinal);
        if (similar.ValueKind == JsonValueKind.Object
            && similar.TryGetProperty("effectiveActions", out var effective)
            && effective.TryGetProperty("actions", out var actions)
            && actions.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in actions.EnumerateArray())
            {
                if (Str(a, "action") is { } name)
                {
                    map[name] = (Num(a, "score") ?? 0, Num(a, "successRate") ?? 0, Num(a, "confidence") ?? 0);
                }
            }
        }

        return map;
    }

    private static Dictionary<string, double> ResolvedSimilarity(JsonElement similar)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        if (similar.ValueKind != JsonValueKind.Object || !similar.TryGetProperty("incidents", out var incidents) || incidents.ValueKind != JsonValueKind.Array)
        {
            return map;
        }

        foreach (var hit in incidents.EnumerateArray())
        {
            var similarity = Num(hit, "similarity") ?? 0;
            if (!hit.TryGetProperty("outcomes", out var outcomes) || outcomes.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var outcome in outcomes.EnumerateArray().Where(o => o.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True))
            {
                if (!outcome.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var name in actions.EnumerateArray().Select(a => Str(a, "action")).OfType<string>())
                {
                    map[name] = Math.Max(map.GetValueOrDefault(name), similarity);
                }
            }
        }

        return map;
    }

    private static Dictionary<string, (double Rate, long Total, long Bad, bool LowTraffic)> Burns(JsonElement slo)
    {
        var map = new Dictionary<string, (double, long, long, bool)>(StringComparer.Ordinal);
        if (slo.TryGetProperty("burnRates", out var burns) && burns.ValueKind == JsonValueKind.Array)
        {
            foreach (var b in burns.EnumerateArray())
            {
                if (Str(b, "window") is { } window)
                {
                    map[window] = (Num(b, "rate") ?? 0, (long)(Num(b, "total") ?? 0), (long)(Num(b, "bad") ?? 0),
                        b.TryGetProperty("lowTraffic", out var low) && low.ValueKind == JsonValueKind.True);
                }
            }
        }

        return map;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
