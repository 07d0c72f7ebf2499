namespace ReliabilityMcp.Core.Approvals;

/// <summary>
/// Where a tool sends a request the guard said needs approval. The approval feature implements it (store-backed
/// state machine, expiry, approver identity); remediation and chaos both submit through it, and register an
/// <see cref="IApprovedRequestHandler"/> for their <see cref="ApprovalSubmission.Kind"/> to run it once approved.
/// </summary>
public interface IApprovalService
{
    /// <summary>Records a pending approval and returns its id, approvers needed and expiry.</summary>
    Task<PendingApprovalInfo> SubmitAsync(ApprovalSubmission submission, CancellationToken cancellationToken);
}
