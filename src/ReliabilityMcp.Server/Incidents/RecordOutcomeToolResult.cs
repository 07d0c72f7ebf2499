namespace ReliabilityMcp.Server.Incidents;

/// <summary>Structured result of <c>record_outcome</c>.</summary>
/// <param name="OutcomeId">The outcome's id.</param>
/// <param name="IncidentId">The incident it is linked to (RESOLVED_BY).</param>
public sealed record RecordOutcomeToolResult(string OutcomeId, string IncidentId);
