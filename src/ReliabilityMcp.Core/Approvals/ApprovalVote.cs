namespace ReliabilityMcp.Core.Approvals;

/// <summary>Result of an atomic approve/reject transition.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="State">The approval's state after the transition.</param>
/// <param name="Approvers">Distinct approvers after the transition.</param>
public sealed record ApprovalVote(ApprovalVoteOutcome Outcome, ApprovalState State, IReadOnlyList<string> Approvers);
