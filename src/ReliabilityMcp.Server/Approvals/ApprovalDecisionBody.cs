namespace ReliabilityMcp.Server.Approvals;

/// <summary>Body of <c>POST /api/approvals/{id}/approve|reject</c>.</summary>
/// <param name="Comment">Why (1-1000 characters).</param>
public sealed record ApprovalDecisionBody(string? Comment);
