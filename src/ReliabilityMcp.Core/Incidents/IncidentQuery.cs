namespace ReliabilityMcp.Core.Incidents;

/// <summary>A search for incidents like the one at hand.</summary>
public sealed record IncidentQuery
{
    /// <summary>Free-text description of the current situation.</summary>
    public string? Text { get; init; }

    /// <summary>Current telemetry by metric name.</summary>
    public IReadOnlyDictionary<string, double> Telemetry { get; init; } = new Dictionary<string, double>();

    /// <summary>Only incidents of this service.</summary>
    public string? Service { get; init; }

    /// <summary>Only incidents of this severity.</summary>
    public IncidentSeverity? Severity { get; init; }

    /// <summary>Only incidents that started at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>How many incidents to return (1–50).</summary>
    public int K { get; init; } = 5;
}
