namespace ReliabilityMcp.Core.Incidents;

/// <summary>A past incident found by a search.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Similarity">Cosine similarity to the search, 0..1 (see <see cref="SimilarityScale"/>).</param>
/// <param name="Outcomes">Its recorded outcomes (RESOLVED_BY), oldest first.</param>
public sealed record SimilarIncident(Incident Incident, double Similarity, IReadOnlyList<IncidentOutcome> Outcomes);
