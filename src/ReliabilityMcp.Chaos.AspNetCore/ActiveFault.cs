namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>A fault in force, as listed by <c>GET {prefix}</c>.</summary>
/// <param name="Id">Opaque id for <c>DELETE {prefix}/{id}</c>.</param>
/// <param name="Spec">What it does.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="ExpiresAt">When it stops applying, whatever happens to whoever added it.</param>
public sealed record ActiveFault(string Id, FaultSpec Spec, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
