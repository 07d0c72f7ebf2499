namespace ReliabilityMcp.Agent.Runbook;

/// <summary>How one episode ended.</summary>
/// <param name="Service">The service.</param>
/// <param name="EpisodeKey">Idempotency key of the episode (sent with execute_remediation and record_incident).</param>
/// <param name="End">How it ended: <c>no_action</c>, <c>denied</c>, <c>what_if</c>, <c>not_executed</c>, <c>recovered</c>, <c>not_recovered</c>, <c>error</c> or <c>llm</c>.</param>
/// <param name="Decision">What the runbook asked for, if anything.</param>
/// <param name="RemediationStatus">execute_remediation's status.</param>
/// <param name="ApprovalId">The approval waited for, if any.</param>
/// <param name="ApprovalState">Its last state seen.</param>
/// <param name="IncidentId">The incident recorded.</param>
/// <param name="OutcomeId">The outcome recorded.</param>
/// <param name="Detail">Free text: the reason or the llm's answer.</param>
/// <param name="Escalation">When the episode could not fix it: execute_remediation's status for the alert_team escalation.</param>
public sealed record EpisodeReport(
    string Service,
    string EpisodeKey,
    string End,
    RunbookDecision? Decision = null,
    string? RemediationStatus = null,
    string? ApprovalId = null,
    string? ApprovalState = null,
    string? IncidentId = null,
    string? OutcomeId = null,
    string? Detail = null,
    string? Escalation = null);
