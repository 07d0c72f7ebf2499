namespace ReliabilityMcp.Core.Approvals;

/// <summary>What the store's atomic approve/reject transition did.</summary>
public enum ApprovalVoteOutcome
{
    /// <summary>No such approval.</summary>
    NotFound,

    /// <summary>The vote was counted; more distinct approvers are needed.</summary>
    Recorded,

    /// <summary>This vote completed the quorum: the approval is now <see cref="ApprovalState.Approved"/>.</summary>
    Approved,

    /// <summary>The approval was rejected by this vote.</summary>
    Rejected,

    /// <summary>This principal already approved; a second vote from the same principal does not count.</summary>
    Duplicate,

    /// <summary>The approver is the requester.</summary>
    SelfApproval,

    /// <summary>It expired before this vote (now recorded as <see cref="ApprovalState.Expired"/>).</summary>
    Expired,

    /// <summary>It is no longer pending (see the state returned with it).</summary>
    NotPending,
}
