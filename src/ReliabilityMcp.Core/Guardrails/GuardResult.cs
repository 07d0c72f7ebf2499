namespace ReliabilityMcp.Core.Guardrails;

/// <summary>A guard decision as returned to a tool: the decision, its audit sequence, and any store problem.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="AuditSequence">Sequence of the audit entry, or null when it could not be written.</param>
/// <param name="StoreProblem">Why counter state or the audit was unavailable, if so.</param>
public sealed record GuardResult(GuardDecision Decision, long? AuditSequence, string? StoreProblem);
