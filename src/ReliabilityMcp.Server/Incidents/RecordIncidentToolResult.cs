namespace ReliabilityMcp.Server.Incidents;

/// <summary>Structured result of <c>record_incident</c>.</summary>
/// <param name="IncidentId">The id to pass to <c>record_outcome</c>.</param>
/// <param name="Status"><c>created</c>, or <c>existing</c> when the idempotency key was used before with the same content.</param>
/// <param name="IdempotentReplay">True when this answers a retry of an earlier call with the same key and content (as <c>execute_remediation</c> says it).</param>
public sealed record RecordIncidentToolResult(string IncidentId, string Status, bool IdempotentReplay = false);
