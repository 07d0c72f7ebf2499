namespace ReliabilityMcp.Server.Status;

/// <summary>Structured result of <c>server_status</c>.</summary>
/// <param name="Server">Server name.</param>
/// <param name="Version">Server version.</param>
/// <param name="Transport"><c>stdio</c> or <c>streamable-http</c>.</param>
/// <param name="Principal">The caller as the server authenticated it.</param>
/// <param name="Roles">The caller's roles (<c>agent</c>, <c>approver</c>, <c>admin</c>).</param>
/// <param name="StartedAt">When the server started (UTC, ISO 8601).</param>
/// <param name="UptimeSeconds">Seconds since the server started.</param>
/// <param name="Store">Whether the Redis-protocol store answers, and how fast.</param>
/// <param name="OperatingMode">The operating mode in force for the caller (advisory, approval, autonomous).</param>
/// <param name="AgentMode">The caller's agent mode (explore, execute, escalate).</param>
public sealed record ServerStatus(
    string Server,
    string Version,
    string Transport,
    string Principal,
    IReadOnlyList<string> Roles,
    DateTimeOffset StartedAt,
    long UptimeSeconds,
    StoreStatus Store,
    string OperatingMode,
    string AgentMode);
