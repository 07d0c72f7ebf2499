namespace ReliabilityMcp.Core.Incidents;

/// <summary>An incident as submitted, before the server gives it an id.</summary>
public sealed record NewIncident
{
    /// <summary>Affected service (<c>^[a-z0-9][a-z0-9-]{0,62}$</c>).</summary>
    public required string Service { get; init; }

    /// <summary>Severity.</summary>
    public required IncidentSeverity Severity { get; init; }

    /// <summary>One-line summary.</summary>
    public required string Title { get; init; }

    /// <summary>What happened, free text.</summary>
    public string Description { get; init; } = "";

    /// <summary>What was observed (alerts, errors, graphs), free text.</summary>
    public string Symptoms { get; init; } = "";

    /// <summary>Telemetry at the time, by metric name (standard names from <see cref="Policies.TelemetryMetrics"/> or custom).</summary>
    public IReadOnlyDictionary<string, double> Telemetry { get; init; } = new Dictionary<string, double>();

    /// <summary>Free-form labels (lower-case).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended, if it has.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Root cause, when known.</summary>
    public string? RootCause { get; init; }
}
