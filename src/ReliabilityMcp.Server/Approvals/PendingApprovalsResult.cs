namespace ReliabilityMcp.Server.Approvals;

/// <summary>Structured result of <c>list_pending_approvals</c> and <c>GET /api/approvals</c>.</summary>
/// <param name="Pending">Pending approvals, soonest expiry first.</param>
/// <param name="Count">How many are listed.</param>
/// <param name="NeedsResolution">
/// Operator API only: executions whose outcome is unknown (their server stopped mid-run), oldest first, until an
/// operator resolves them with <c>POST /api/executions/{id}/resolve</c>.
/// </param>
public sealed record PendingApprovalsResult(IReadOnlyList<ApprovalView> Pending, int Count, IReadOnlyList<Remediation.ExecutionReport>? NeedsResolution = null);
