using System.Text.Json;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>The answer to an approve/reject call.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Message">One sentence saying so, with the next step.</param>
/// <param name="Approval">The approval after the call (null when not found).</param>
/// <param name="FailedChecks">For <see cref="ApprovalDecisionStatus.GuardDenied"/>: the checks that now fail.</param>
/// <param name="Result">For <see cref="ApprovalDecisionStatus.Executed"/>: the handler's result.</param>
public sealed record ApprovalDecisionResult(
    ApprovalDecisionStatus Status,
    string Message,
    ApprovalRecord? Approval,
    IReadOnlyList<GuardCheck> FailedChecks,
    JsonElement? Result = null);
