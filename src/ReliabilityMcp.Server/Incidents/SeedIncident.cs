namespace ReliabilityMcp.Server.Incidents;

/// <summary>One incident of the seed corpus (Seed/incidents.json), with its outcomes.</summary>
internal sealed record SeedIncident(
    string Service,
    string Severity,
    string Title,
    string Description,
    string Symptoms,
    string? RootCause,
    List<string>? Tags,
    Dictionary<string, double>? Telemetry,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    List<SeedOutcome>? Outcomes);
