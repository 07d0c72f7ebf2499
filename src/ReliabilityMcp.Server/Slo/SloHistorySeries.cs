namespace ReliabilityMcp.Server.Slo;

/// <summary>One SLO's per-minute history in <c>GET /api/slos/history</c>.</summary>
/// <param name="Service">The service.</param>
/// <param name="Name">SLO name.</param>
/// <param name="Points">Oldest first.</param>
public sealed record SloHistorySeries(string Service, string Name, IReadOnlyList<SloHistoryPoint> Points);
