using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>A request the guard sent to approval, as submitted by the tool that received it.</summary>
/// <param name="Kind">Which handler runs it once approved: <c>remediation</c>, <c>chaos</c>…</param>
/// <param name="Request">The guarded request (principal, action, targets, confidence, justification).</param>
/// <param name="Decision">The guard's decision that asked for approval (risk, approvers needed, reasons).</param>
/// <param name="PayloadJson">Kind-specific JSON the handler needs to run the request (e.g. chaos template and duration).</param>
/// <param name="Summary">One human sentence shown to approvers ("restart of checkout requested by agent-1 because …").</param>
/// <param name="IdempotencyKey">The caller's idempotency key, if any.</param>
public sealed record ApprovalSubmission(
    string Kind,
    GuardRequest Request,
    GuardDecision Decision,
    string PayloadJson,
    string Summary,
    string? IdempotencyKey = null);
