namespace ReliabilityMcp.Core.Chaos;

/// <summary>
/// The arithmetic of an experiment, pure so it can be checked by hand: sample weights, the resilience score,
/// degradation, recovery time and the abort conditions.
/// </summary>
public static class ChaosScoring
{
    /// <summary>Severity of a fault type when the template does not say: aborts and outages hurt most.</summary>
    public static double DefaultSeverity(ChaosFaultType type) => type switch
    {
        ChaosFaultType.Latency => 1,
        ChaosFaultType.Error => 2,
        ChaosFaultType.Corrupt => 2,
        _ => 3,
    };

    /// <summary>The wire name of a fault type (severity_weights keys).</summary>
    public static string TypeName(ChaosFaultType type) => type switch
    {
        ChaosFaultType.Latency => "latency",
        ChaosFaultType.Error => "error",
        ChaosFaultType.Abort => "abort",
        ChaosFaultType.Corrupt => "corrupt",
        _ => "outage",
    };

    /// <summary>
    /// The weight of a sample of <paramref name="probe"/> while the template's faults are in: the summed severity of
    /// the faults that can reach it. A path probe on the target is reached by target faults whose path prefix covers
    /// its path and by every dependency fault (they reach it through the target's calls); a URL or store probe by
    /// every fault. A probe no fault can reach weighs 0: it says nothing about resilience to these faults.
    /// </summary>
    public static double ProbeWeight(ChaosTemplate template, ChaosProbe probe)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(probe);
        double weight = 0;
        foreach (var fault in template.Faults)
        {
            var reaches = probe.Type != ChaosProbeType.Http || probe.Path is null || fault.On == ChaosFaultScope.Dependencies
                || probe.Path.StartsWith(fault.PathPrefix, StringComparison.OrdinalIgnoreCase);
            if (reaches)
            {
                weight += template.SeverityOf(fault);
            }
        }

        return weight;
    }

    /// <summary>
    /// Score = 100 × Σ(weight × success) / Σ weight over the samples taken during the faults. When every weight is 0
    /// (no probe could be reached), the plain success ratio is used. Null when nothing was sampled during the faults.
    /// </summary>
    public static ChaosScore Score(IReadOnlyList<ProbeSample> samples, DateTimeOffset? faultsRemovedAt)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var before = samples.Where(s => s.Phase == ChaosPhase.SteadyState).ToList();
        var during = samples.Where(s => s.Phase == ChaosPhase.During).ToList();
        double? score = null;
        if (during.Count > 0)
        {
            var totalWeight = during.Sum(s => s.Weight);
            score = totalWeight > 0
                ? 100 * during.Where(s => s.Success).Sum(s => s.Weight) / totalWeight
                : 100.0 * during.Count(s => s.Success) / during.Count;
            score = Math.Round(score.Value, 2);
        }

        var ratioBefore = Ratio(before);
        var ratioDuring = Ratio(during);
        return new ChaosScore
        {
            ResilienceScore = score,
            SuccessRatioBefore = ratioBefore,
            SuccessRatioDuring = ratioDuring,
            DegradationPercent = ratioBefore is { } b && ratioDuring is { } d ? Math.Round(Math.Max(0, b - d) * 100, 2) : null,
            LatencyP95BeforeMs = P95(before),
            LatencyP95DuringMs = P95(during),
            RecoverySeconds = faultsRemovedAt is { } removed ? RecoverySeconds(samples, removed) : null,
        };
    }

    /// <summary>The first abort condition that holds for the samples taken since injection, or null.</summary>
    /// <param name="conditions">The template's conditions.</param>
    /// <param name="during">Samples since injection.</param>
    /// <param name="burnRate5m">The target's current 5-minute burn rate, or null without an SLO engine (or SLO).</param>
    public static string? CheckAbort(ChaosAbortConditions conditions, IReadOnlyList<ProbeSample> during, double? burnRate5m)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(during);
        if (conditions.BurnRate is { } maxBurn && burnRate5m is { } burn && burn > maxBurn)
        {
            return $"burn rate {burn:0.##} over 5 minutes exceeds {maxBurn:0.##}";
        }

        if (during.Count < Math.Max(1, conditions.MinSamples))
        {
            return null;
        }

        var failed = (double)during.Count(s => !s.Success) / during.Count;
        if (conditions.ProbeFailureRatio is { } maxFail && failed > maxFail)
        {
            return $"probe failure ratio {failed:0.###} exceeds {maxFail:0.###} ({during.Count(s => !s.Success)} of {during.Count} samples failed)";
        }

        var errors = (double)during.Count(s => s.IsError) / during.Count;
        return conditions.ErrorRatio is { } maxErr && errors > maxErr
            ? $"error ratio {errors:0.###} exceeds {maxErr:0.###} ({during.Count(s => s.IsError)} of {during.Count} samples were 5xx or unanswered)"
            : null;
    }

    private static double? Ratio(List<ProbeSample> samples) =>
        samples.Count == 0 ? null : Math.Round((double)samples.Count(s => s.Success) / samples.Count, 4);

    private static double? P95(List<ProbeSample> samples)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Select(s => s.LatencyMs).Order().ToArray();
        // Nearest-rank percentile: the smallest value with at least 95% of samples at or below it.
        var rank = (int)Math.Ceiling(0.95 * sorted.Length);
        return Math.Round(sorted[Math.Max(0, rank - 1)], 1);
    }

    private static double? RecoverySeconds(IReadOnlyList<ProbeSample> samples, DateTimeOffset removedAt)
    {
        foreach (var round in samples.Where(s => s.Phase == ChaosPhase.Recovery).GroupBy(s => s.Round).OrderBy(g => g.Key))
        {
            if (round.All(s => s.Success))
            {
                return Math.Round(Math.Max(0, (round.Max(s => s.At) - removedAt).TotalSeconds), 3);
            }
        }

        return null;
    }
}
