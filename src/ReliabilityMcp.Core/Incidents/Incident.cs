namespace ReliabilityMcp.Core.Incidents;

/// <summary>A recorded incident.</summary>
/// <param name="Id">Server-assigned id (<c>inc-</c> followed by hex).</param>
/// <param name="Details">What was recorded.</param>
/// <param name="RecordedAt">When the server stored it.</param>
/// <param name="RecordedBy">The principal that recorded it.</param>
public sealed record Incident(string Id, NewIncident Details, DateTimeOffset RecordedAt, string RecordedBy);
