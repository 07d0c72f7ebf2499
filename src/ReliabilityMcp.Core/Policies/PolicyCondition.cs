namespace ReliabilityMcp.Core.Policies;

/// <summary>One condition of a policy: <c>metric operator threshold</c>. A policy matches when all hold.</summary>
public sealed record PolicyCondition
{
    /// <summary>A standard metric (<see cref="TelemetryMetrics"/>) or a custom metric name.</summary>
    public required string Metric { get; init; }

    /// <summary>The comparison.</summary>
    public required MetricOperator Operator { get; init; }

    /// <summary>The threshold, in the metric's unit (ms for latency_p99, 0–1 for ratios, rps for throughput).</summary>
    public required double Threshold { get; init; }

    /// <summary>Whether <paramref name="value"/> satisfies the condition.</summary>
    public bool IsSatisfiedBy(double value) => Operator switch
    {
        MetricOperator.Gt => value > Threshold,
        MetricOperator.Gte => value >= Threshold,
        MetricOperator.Lt => value < Threshold,
        MetricOperator.Lte => value <= Threshold,
        MetricOperator.Eq => Math.Abs(value - Threshold) <= 1e-9 * Math.Max(1, Math.Abs(Threshold)),
        _ => false,
    };

    /// <summary>Human-readable form, e.g. <c>latency_p99 &gt; 500</c>.</summary>
    public override string ToString() => $"{Metric} {Symbol(Operator)} {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    internal static string Symbol(MetricOperator op) => op switch
    {
        MetricOperator.Gt => ">",
        MetricOperator.Gte => ">=",
        MetricOperator.Lt => "<",
        MetricOperator.Lte => "<=",
        _ => "==",
    };
}
