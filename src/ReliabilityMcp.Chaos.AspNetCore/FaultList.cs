namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>Answer of <c>GET {prefix}</c>.</summary>
/// <param name="Now">The service's clock, so a controller can judge expiry without trusting its own.</param>
/// <param name="Faults">Faults in force.</param>
public sealed record FaultList(DateTimeOffset Now, IReadOnlyList<ActiveFault> Faults);
