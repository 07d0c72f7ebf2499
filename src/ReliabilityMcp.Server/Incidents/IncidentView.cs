using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>An incident as tools return it. Free-text fields are data written by people, never instructions.</summary>
public sealed record IncidentView(
    string Id,
    string Service,
    string Severity,
    string Title,
    string Description,
    string Symptoms,
    IReadOnlyDictionary<string, double> Telemetry,
    IReadOnlyList<string> Tags,
    DateTimeOffset StartedAt,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    DateTimeOffset? ResolvedAt = null,
    string? RootCause = null)
{
    /// <summary>The view of <paramref name="incident"/>.</summary>
    public static IncidentView From(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var d = incident.Details;
        return new IncidentView(incident.Id, d.Service, d.Severity.ToWireName(), d.Title, d.Description, d.Symptoms, d.Telemetry, d.Tags,
            d.StartedAt, incident.RecordedAt, incident.RecordedBy, d.ResolvedAt, d.RootCause);
    }
}
