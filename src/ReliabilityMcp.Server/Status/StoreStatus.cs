namespace ReliabilityMcp.Server.Status;

/// <summary>The store as <c>server_status</c> sees it.</summary>
/// <param name="Reachable">Whether PING answered within 2 s.</param>
/// <param name="EndPoint"><c>host:port</c> (never the password).</param>
/// <param name="Embedded">Whether it is the embedded local Garnet.</param>
/// <param name="LatencyMs">PING round trip, milliseconds, when reachable.</param>
/// <param name="Error">Why it is not reachable.</param>
/// <param name="Safety">Whether scripts run atomically (start-up check): why state-changing tools are refused, or that they may run.</param>
public sealed record StoreStatus(bool Reachable, string EndPoint, bool Embedded, double? LatencyMs = null, string? Error = null, string? Safety = null);
