using System.Text.Json.Serialization;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>One SLO in <c>slo_status</c>.</summary>
public sealed record SloStatusEntry
{
    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>SLO name.</summary>
    public required string Name { get; init; }

    /// <summary><c>availability</c> or <c>latency</c>.</summary>
    public required SliKind SliKind { get; init; }

    /// <summary>Objective in percent.</summary>
    public required double Objective { get; init; }

    /// <summary>Rolling window in days.</summary>
    public required int WindowDays { get; init; }

    /// <summary>Events a window needs for a verdict.</summary>
    public required long MinEvents { get; init; }

    /// <summary>Latency threshold in ms (latency SLOs).</summary>
    public double? LatencyThresholdMs { get; init; }

    /// <summary><c>ok</c>, <c>exhausted</c>, <c>low_traffic</c> (too few events to judge) or <c>unknown</c> (store unreachable).</summary>
    public required string Verdict { get; init; }

    /// <summary>Good / total over the window, 0–1; null without events or when unknown.</summary>
    public double? Sli { get; init; }

    /// <summary>Events in the window.</summary>
    public long TotalEvents { get; init; }

    /// <summary>Bad events in the window.</summary>
    public long BadEvents { get; init; }

    /// <summary>Bad events the window allows.</summary>
    public double BudgetTotalEvents { get; init; }

    /// <summary>Bad events still allowed (negative when overspent).</summary>
    public double BudgetRemainingEvents { get; init; }

    /// <summary>Share of the budget left (1 untouched, ≤ 0 exhausted).</summary>
    public double BudgetRemainingFraction { get; init; } = 1;

    /// <summary>Burn rates over 5m, 30m, 1h, 2h, 6h, 1d, 3d (with each window's event counts when asked for detail).</summary>
    public IReadOnlyList<SloBurnView> BurnRates { get; init; } = [];

    /// <summary>Highest alert tier firing: none, ticket or page.</summary>
    public SloAlertTier Alert { get; init; }

    /// <summary>Every multi-window rule that fires (lower tiers marked suppressed); only when asked for detail.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BurnAlert>? Alerts { get; init; }

    /// <summary>Hours until the budget is spent at the current 1 h burn rate; 0 when spent, null when not burning.</summary>
    public double? HoursToExhaustion { get; init; }

    /// <summary>Whether the window had fewer events than the minimum.</summary>
    public bool LowTraffic { get; init; }

    /// <summary>The entry for an evaluation; <paramref name="detail"/> adds each burn window's counts and the firing rules.</summary>
    public static SloStatusEntry From(SloEvaluation e, bool detail)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Definition(e.Definition, e.LowTraffic ? "low_traffic" : e.BudgetExhausted ? "exhausted" : "ok") with
        {
            Sli = e.Sli,
            TotalEvents = e.TotalEvents,
            BadEvents = e.BadEvents,
            BudgetTotalEvents = e.BudgetTotalEvents,
            BudgetRemainingEvents = e.BudgetRemainingEvents,
            BudgetRemainingFraction = e.BudgetRemainingFraction,
            BurnRates = [.. e.BurnRates.Select(b => SloBurnView.From(b, detail))],
            Alert = e.Alert,
            Alerts = detail ? e.Alerts : null,
            HoursToExhaustion = e.TimeToExhaustion?.TotalHours,
            LowTraffic = e.LowTraffic,
        };
    }

    /// <summary>An entry with the definition only.</summary>
    public static SloStatusEntry Definition(SloDefinition d, string verdict)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new SloStatusEntry
        {
            Service = d.Service,
            Name = d.Name,
            SliKind = d.Sli,
            Objective = d.Objective,
            WindowDays = d.WindowDays,
            MinEvents = d.MinEvents,
            LatencyThresholdMs = d.LatencyThresholdMs,
            Verdict = verdict,
        };
    }
}
