namespace ReliabilityMcp.Core.Incidents;

/// <summary>A recorded outcome, linked to its incident (incident -RESOLVED_BY-> outcome).</summary>
/// <param name="Id">Server-assigned id (<c>out-</c> followed by hex).</param>
/// <param name="Details">What was recorded.</param>
/// <param name="RecordedAt">When the server stored it.</param>
/// <param name="RecordedBy">The principal that recorded it.</param>
public sealed record IncidentOutcome(string Id, NewOutcome Details, DateTimeOffset RecordedAt, string RecordedBy);
