namespace ReliabilityMcp.Server.Incidents;

/// <summary>One incident in <c>GET /api/incidents</c>.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Outcomes">How many outcomes were recorded for it.</param>
/// <param name="SuccessfulOutcomes">How many of them resolved it.</param>
/// <param name="Similarity">Similarity to the query (0–1) when searching; null when listing recent ones.</param>
public sealed record IncidentListItem(IncidentView Incident, int Outcomes, int SuccessfulOutcomes, double? Similarity = null);
