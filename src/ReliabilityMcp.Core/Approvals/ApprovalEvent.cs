namespace ReliabilityMcp.Core.Approvals;

/// <summary>One step in an approval's history, shown to approvers and kept with the approval.</summary>
/// <param name="Time">When.</param>
/// <param name="Principal">Who (the server itself for expiry and execution).</param>
/// <param name="Event"><c>requested</c>, <c>approved</c>, <c>rejected</c>, <c>guard_denied</c>, <c>expired</c>, <c>executing</c>, or the terminal state.</param>
/// <param name="Comment">The approver's comment or the server's reason.</param>
public sealed record ApprovalEvent(DateTimeOffset Time, string Principal, string Event, string Comment);
