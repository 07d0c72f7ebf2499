namespace ReliabilityMcp.Core.Approvals;

/// <summary>
/// Approvals shared by every replica. Each transition is atomic in the store (Lua), so two approvers or two
/// replicas racing see one winner: one quorum, one claim, one execution.
/// </summary>
public interface IApprovalStore
{
    /// <summary>
    /// Stores a new pending approval unless its requester already holds <paramref name="maxPendingPerRequester"/> pending
    /// ones (counted atomically with the write, so replicas agree); returns false then and stores nothing.
    /// </summary>
    Task<bool> CreateAsync(ApprovalDocument document, ApprovalEvent requested, int maxPendingPerRequester, CancellationToken cancellationToken);

    /// <summary>Reads one approval, or null.</summary>
    Task<ApprovalRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Counts <paramref name="approver"/>'s approval if the request is pending, unexpired at <paramref name="now"/>,
    /// not the approver's own and not already approved by them; moves it to approved once
    /// <paramref name="approversNeeded"/> distinct approvers agreed.
    /// </summary>
    Task<ApprovalVote> ApproveAsync(string id, string approver, int approversNeeded, DateTimeOffset now, ApprovalEvent vote, CancellationToken cancellationToken);

    /// <summary>Rejects a pending, unexpired request (not the approver's own).</summary>
    Task<ApprovalVote> RejectAsync(string id, string approver, DateTimeOffset now, ApprovalEvent vote, CancellationToken cancellationToken);

    /// <summary>Appends an event without changing state (e.g. a guard denial at approval time).</summary>
    Task AddEventAsync(string id, ApprovalEvent item, CancellationToken cancellationToken);

    /// <summary>approved → executing. Exactly one caller across all replicas gets true.</summary>
    Task<bool> TryClaimAsync(string id, ApprovalEvent claim, CancellationToken cancellationToken);

    /// <summary>executing → <paramref name="terminal"/> (completed, failed, rolled_back or unknown), storing the result.</summary>
    Task CompleteAsync(string id, ApprovalState terminal, string resultJson, ApprovalEvent done, CancellationToken cancellationToken);

    /// <summary>
    /// unknown → <paramref name="terminal"/> (completed, failed or rolled_back): an operator resolved an execution whose
    /// outcome was unknown. False if the approval is not in <c>unknown</c>.
    /// </summary>
    Task<bool> ResolveAsync(string id, ApprovalState terminal, string resultJson, ApprovalEvent resolved, CancellationToken cancellationToken);

    /// <summary>
    /// Expires every pending approval due at <paramref name="now"/> and returns the pending ones (soonest expiry
    /// first, at most <paramref name="max"/>) and the ids that just expired.
    /// </summary>
    Task<(IReadOnlyList<ApprovalRecord> Pending, IReadOnlyList<string> Expired)> ListPendingAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);
}
