namespace ReliabilityMcp.Core.Approvals;

/// <summary>An approval as read from the store: the request, its state, its approvers and history, and its result.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="State">Where it is in the state machine.</param>
/// <param name="ApproversNeeded">Distinct approvers needed now (may rise when the risk rose at approval time).</param>
/// <param name="Approvers">Distinct principals who approved so far.</param>
/// <param name="Events">History, oldest first.</param>
/// <param name="ResultJson">The handler's result once it ran.</param>
public sealed record ApprovalRecord(
    ApprovalDocument Request,
    ApprovalState State,
    int ApproversNeeded,
    IReadOnlyList<string> Approvers,
    IReadOnlyList<ApprovalEvent> Events,
    string? ResultJson);
