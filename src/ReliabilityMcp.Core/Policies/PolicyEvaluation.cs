namespace ReliabilityMcp.Core.Policies;

/// <summary>The result of evaluating every policy against one service's telemetry.</summary>
/// <param name="Service">The service evaluated.</param>
/// <param name="Matched">Policies ready to act, in priority order (1 first, then by name).</param>
/// <param name="Others">Every other policy, with why it did not match or is held back.</param>
/// <param name="CounterStateKnown">False when the store was unreachable: cooldowns and caps could not be read.</param>
public sealed record PolicyEvaluation(
    string Service, IReadOnlyList<PolicyResult> Matched, IReadOnlyList<PolicyResult> Others, bool CounterStateKnown);
