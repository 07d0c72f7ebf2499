namespace ReliabilityMcp.Redis;

/// <summary>The result of <see cref="ScriptAtomicityProbe"/>.</summary>
/// <param name="Atomic">Whether scripts run atomically across sessions.</param>
/// <param name="Detail">What was found; when not atomic, how to fix it.</param>
public sealed record StoreAtomicity(bool Atomic, string Detail);
