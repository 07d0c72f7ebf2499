namespace ReliabilityMcp.Core.Policies;

/// <summary>Telemetry values by metric name (standard or custom), as the agent observed them.</summary>
public sealed class TelemetrySnapshot(IReadOnlyDictionary<string, double> values)
{
    /// <summary>The values.</summary>
    public IReadOnlyDictionary<string, double> Values { get; } = values;

    /// <summary>The value of <paramref name="metric"/>, if present.</summary>
    public bool TryGet(string metric, out double value) => Values.TryGetValue(metric, out value);
}
