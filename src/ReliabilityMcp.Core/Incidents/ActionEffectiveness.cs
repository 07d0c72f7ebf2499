using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>How one action type fared over the outcomes of similar incidents.</summary>
/// <param name="Action">The action type.</param>
/// <param name="Count">Outcomes that used it.</param>
/// <param name="Successes">Of those, how many succeeded.</param>
/// <param name="Weight">Sum of the similarities of those outcomes' incidents (the evidence).</param>
/// <param name="SuccessRate">Success rate weighted by similarity, 0..1.</param>
/// <param name="Confidence">Weight / (Weight + 2): grows with evidence, 0.6 at three perfect matches.</param>
/// <param name="Score">SuccessRate × Confidence: what the ranking orders by.</param>
/// <param name="Rank">1 = best; null when there is too little history to rank it.</param>
public sealed record ActionEffectiveness(
    ActionType Action, int Count, int Successes, double Weight, double SuccessRate, double Confidence, double Score, int? Rank);
