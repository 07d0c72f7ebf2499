namespace ReliabilityMcp.Server.Incidents;

/// <summary><c>GET /api/incidents/{id}</c>: the incident and its outcomes, oldest first.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Outcomes">Its outcomes (RESOLVED_BY).</param>
public sealed record IncidentDetailResult(IncidentView Incident, IReadOnlyList<OutcomeView> Outcomes);
