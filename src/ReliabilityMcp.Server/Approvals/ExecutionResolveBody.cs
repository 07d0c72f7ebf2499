namespace ReliabilityMcp.Server.Approvals;

/// <summary>Body of <c>POST /api/executions/{id}/resolve</c>.</summary>
/// <param name="Outcome">What the operator found on the target: <c>completed</c>, <c>failed</c> or <c>rolled_back</c>.</param>
/// <param name="Comment">Why (1-1000 characters), kept in the report, the approval and the audit trail.</param>
public sealed record ExecutionResolveBody(string? Outcome, string? Comment);
