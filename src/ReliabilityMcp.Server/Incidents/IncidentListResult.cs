namespace ReliabilityMcp.Server.Incidents;

/// <summary><c>GET /api/incidents</c>.</summary>
/// <param name="Mode"><c>recent</c> (newest started first) or <c>similar</c> (most similar to <c>q</c> first, through the incident memory).</param>
/// <param name="Incidents">The incidents.</param>
/// <param name="Scanned">Recent mode: incidents read to find the newest.</param>
/// <param name="Truncated">Recent mode: true when the store holds more incidents than the scan limit, so older ones may be missing.</param>
public sealed record IncidentListResult(string Mode, IReadOnlyList<IncidentListItem> Incidents, int Scanned = 0, bool Truncated = false);
