namespace ReliabilityMcp.Core.Approvals;

/// <summary>What a caller learns about an approval it created.</summary>
/// <param name="ApprovalId">Opaque id (never an authentication token).</param>
/// <param name="ApproversNeeded">Distinct approvers required (2 for CRITICAL).</param>
/// <param name="ExpiresAt">When the request expires if nobody decides.</param>
public sealed record PendingApprovalInfo(string ApprovalId, int ApproversNeeded, DateTimeOffset ExpiresAt);
