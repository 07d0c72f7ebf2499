namespace ReliabilityMcp.Core.Chaos;

/// <summary>A fault placed by a run, as the target acknowledged it.</summary>
/// <param name="Target">Service (or <c>control-plane</c>) holding it.</param>
/// <param name="FaultId">The id the target gave it.</param>
/// <param name="Type">Fault type.</param>
/// <param name="ExpiresAt">When the target ends it on its own.</param>
public sealed record InjectedFault(string Target, string FaultId, ChaosFaultType Type, DateTimeOffset ExpiresAt);
