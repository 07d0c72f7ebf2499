
namespace ReliabilityMcp.Core.Approvals;

/// <summary>
/// Runs an approved request of one <see cref="Kind"/>. The approval service claims the request atomically in the
/// store before calling, so the handler is called at most once per approval across replicas.
/// </summary>
public interface IApprovedRequestHandler
{
    /// <summary>The <see cref="ApprovalSubmission.Kind"/> this handler runs.</summary>
    string Kind { get; }

    /// <summary>Runs the approved request and returns its result as JSON (stored with the approval).</summary>
    Task<ApprovedRequestResult> ExecuteAsync(ApprovedRequest approved, CancellationToken cancellationToken);
}
