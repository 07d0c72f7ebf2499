namespace ReliabilityMcp.Server.Remediation;

/// <summary>The approval an execute_remediation call is waiting for.</summary>
/// <param name="ApprovalId">Pass to approve_request (a human approver) or the operator API.</param>
/// <param name="ApproversNeeded">Distinct approvers required (2 for CRITICAL).</param>
/// <param name="ExpiresAt">When it expires unless decided.</param>
public sealed record PendingApprovalReport(string ApprovalId, int ApproversNeeded, DateTimeOffset ExpiresAt);
