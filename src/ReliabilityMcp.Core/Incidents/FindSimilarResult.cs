namespace ReliabilityMcp.Core.Incidents;

/// <summary>The answer to a similarity search.</summary>
/// <param name="Incidents">Most similar first.</param>
/// <param name="EffectiveActions">What worked for them.</param>
public sealed record FindSimilarResult(IReadOnlyList<SimilarIncident> Incidents, EffectiveActions EffectiveActions);
