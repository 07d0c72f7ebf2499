namespace ReliabilityMcp.Redis.Chaos;

/// <summary>A fault in the server's own store pipeline (control-plane game day).</summary>
/// <param name="Id">Opaque id.</param>
/// <param name="Outage">True: commands fail as if the store were down. False: commands are delayed.</param>
/// <param name="LatencyMs">Delay before each affected command, ms.</param>
/// <param name="JitterMs">Extra random delay, 0 to this, ms.</param>
/// <param name="Rate">Share of commands affected, 0–1.</param>
/// <param name="ExpiresAt">When it ends by itself.</param>
public sealed record StoreFault(string Id, bool Outage, int LatencyMs, int JitterMs, double Rate, DateTimeOffset ExpiresAt);
