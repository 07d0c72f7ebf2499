using System.Text.Json;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Approvals;

/// <summary>Structured result of <c>approve_request</c> and the operator API's approve/reject.</summary>
/// <param name="Status"><c>recorded</c>, <c>executed</c>, <c>already_claimed</c>, <c>rejected</c>, <c>guard_denied</c>, <c>refused</c>, <c>expired</c>, <c>not_pending</c>, <c>not_found</c>.</param>
/// <param name="Message">What happened and what to do next.</param>
/// <param name="Approval">The approval after the call.</param>
/// <param name="FailedChecks">For guard_denied: the checks that fail now.</param>
/// <param name="Result">For executed: the execution's result.</param>
public sealed record ApproveRequestResult(
    ApprovalDecisionStatus Status,
    string Message,
    ApprovalView? Approval = null,
    IReadOnlyList<GuardCheck>? FailedChecks = null,
    JsonElement? Result = null)
{
    /// <summary>The view of <paramref name="result"/>.</summary>
    public static ApproveRequestResult From(ApprovalDecisionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ApproveRequestResult(result.Status, result.Message, result.Approval is { } a ? ApprovalView.From(a) : null, result.FailedChecks, result.Result);
    }
}
