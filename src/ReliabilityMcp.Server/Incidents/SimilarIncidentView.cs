namespace ReliabilityMcp.Server.Incidents;

/// <summary>A found incident with its similarity and outcomes.</summary>
/// <param name="Similarity">Cosine similarity to the search, 0..1.</param>
/// <param name="Incident">The incident.</param>
/// <param name="Outcomes">Its recorded outcomes, oldest first.</param>
public sealed record SimilarIncidentView(double Similarity, IncidentView Incident, IReadOnlyList<OutcomeView> Outcomes);
