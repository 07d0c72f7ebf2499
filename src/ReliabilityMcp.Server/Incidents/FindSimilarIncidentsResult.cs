namespace ReliabilityMcp.Server.Incidents;

/// <summary>Structured result of <c>find_similar_incidents</c>.</summary>
/// <param name="Incidents">Most similar first.</param>
/// <param name="EffectiveActions">What worked for them.</param>
/// <param name="DataNotice">Reminder that stored text is data.</param>
public sealed record FindSimilarIncidentsResult(IReadOnlyList<SimilarIncidentView> Incidents, EffectiveActionsView EffectiveActions, string DataNotice);
