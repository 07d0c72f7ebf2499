namespace ReliabilityMcp.Server.Approvals;

/// <summary>Structured result of <c>list_pending_approvals</c> and <c>GET /api/approvals</c>.</summary>
/// <param name="Pending">Pending approvals, soonest expiry first.</param>
/// <param name="Count">How many are listed.</param>
public sealed record PendingApprovalsResult(IReadOnlyList<ApprovalView> Pending, int Count);
