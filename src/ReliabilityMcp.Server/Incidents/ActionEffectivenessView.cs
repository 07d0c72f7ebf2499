namespace ReliabilityMcp.Server.Incidents;

/// <summary>How one action type fared over the similar incidents' outcomes (see <c>EffectiveActionsCalculator</c>).</summary>
/// <param name="Action">Action type wire name.</param>
/// <param name="Count">Outcomes that used it.</param>
/// <param name="Successes">Of those, successful.</param>
/// <param name="Weight">Sum of the similarities behind those outcomes.</param>
/// <param name="SuccessRate">Similarity-weighted success rate, 0..1.</param>
/// <param name="Confidence">Weight / (Weight + 2), 0..1.</param>
/// <param name="Score">SuccessRate × Confidence.</param>
/// <param name="Rank">1 = best; absent when there is too little history to rank it.</param>
public sealed record ActionEffectivenessView(
    string Action, int Count, int Successes, double Weight, double SuccessRate, double Confidence, double Score, int? Rank = null);
