namespace ReliabilityMcp.Agent.Runbook;

/// <summary>One action the runbook considered, with the evidence for it.</summary>
/// <param name="Action">Action wire name.</param>
/// <param name="Policy">The matched policy recommending it, or null.</param>
/// <param name="PolicyPriority">That policy's priority (1 first); <see cref="int.MaxValue"/> without a policy.</param>
/// <param name="PolicyOrder">Position in the policy's action list.</param>
/// <param name="HistoryScore">effective_actions score (0 when history does not know the action).</param>
/// <param name="HistorySuccessRate">effective_actions success rate.</param>
/// <param name="HistoryConfidence">effective_actions confidence in that rate (how much evidence there is).</param>
/// <param name="BestSimilarity">Highest similarity of a past incident this action resolved (0 if none).</param>
public sealed record ActionCandidate(
    string Action, string? Policy, int PolicyPriority, int PolicyOrder, double HistoryScore, double HistorySuccessRate, double HistoryConfidence, double BestSimilarity);
