namespace ReliabilityMcp.Agent.Runbook;

/// <summary>What the runbook asks <c>execute_remediation</c> for, and why.</summary>
/// <param name="Action">Action wire name, e.g. <c>restart</c>.</param>
/// <param name="Policy">The matched healing policy that recommends it, or null when history alone chose it.</param>
/// <param name="Confidence">0-1, from <see cref="RunbookPlanner.Confidence"/>.</param>
/// <param name="Justification">The evidence, sent to the server and shown to approvers.</param>
public sealed record RunbookDecision(string Action, string? Policy, double Confidence, string Justification);
