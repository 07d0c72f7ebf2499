namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// The state of one rolling-window execution counter as read from the store: how many executions fall in
/// the window, the oldest of them (so the caller can say when a slot frees up) and, for cooldown keys, when
/// the cooldown ends.
/// </summary>
/// <param name="Count">Executions inside the window.</param>
/// <param name="Oldest">Time of the oldest execution inside the window, if any.</param>
/// <param name="CooldownUntil">End of the cooldown started by the last execution, if still running.</param>
public sealed record ExecutionCounter(int Count, DateTimeOffset? Oldest, DateTimeOffset? CooldownUntil)
{
    /// <summary>No executions recorded.</summary>
    public static ExecutionCounter Empty { get; } = new(0, null, null);
}
