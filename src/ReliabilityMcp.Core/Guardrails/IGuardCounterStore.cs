using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// Cooldowns, hourly caps, rate limits and the autonomous window, shared by every replica. Reads never spend;
/// <see cref="TrySpendAsync"/> checks and spends atomically, so N replicas behave as one.
/// </summary>
public interface IGuardCounterStore
{
    /// <summary>Reads the counters the guard needs for <paramref name="scope"/>. Throws when the store is unreachable.</summary>
    Task<GuardCounters> ReadAsync(CounterScope scope, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Reads each policy's counter on <paramref name="service"/> (for evaluate_policies).</summary>
    Task<IReadOnlyDictionary<string, ExecutionCounter>> ReadPoliciesAsync(
        IReadOnlyList<HealingPolicy> policies, string service, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically re-checks cooldown, hourly cap and rate limits and, only if all have room, records one execution
    /// identified by <paramref name="executionId"/> on every counter of <paramref name="scope"/>.
    /// </summary>
    Task<SpendResult> TrySpendAsync(CounterScope scope, string executionId, DateTimeOffset now, CancellationToken cancellationToken);
}
