using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>An approved request handed to its <see cref="IApprovedRequestHandler"/>.</summary>
/// <param name="ApprovalId">The approval's id.</param>
/// <param name="Kind">The handler kind.</param>
/// <param name="Request">The guarded request as submitted (Principal is the requester).</param>
/// <param name="PayloadJson">The kind-specific payload as submitted.</param>
/// <param name="Approvers">The distinct principals who approved.</param>
public sealed record ApprovedRequest(
    string ApprovalId,
    string Kind,
    GuardRequest Request,
    string PayloadJson,
    IReadOnlyList<string> Approvers);
