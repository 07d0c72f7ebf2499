using System.Globalization;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Guardrails;

/// <summary>
/// Guard counters in the Redis-protocol store: one Lua call to read a guard decision's counters and one to
/// check-and-spend; policy reports read with plain pipelined commands.
/// </summary>
public sealed class RedisGuardCounterStore(IStoreConnection store, StoreKeys keys) : IGuardCounterStore
{
    private static readonly long HourMs = (long)PolicyEvaluator.HourlyWindow.TotalMilliseconds;

    /// <inheritdoc />
    public async Task<GuardCounters> ReadAsync(CounterScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var reply = await store.EvalAsync(GuardCounterScripts.Read, Keys(scope),
            [
                now.ToUnixTimeMilliseconds(), HourMs, scope.PrincipalLimit.WindowSeconds * 1000L,
                (scope.ActionLimit?.WindowSeconds ?? 0) * 1000L, (long)scope.AutonomousWindow.TotalMilliseconds,
            ], cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in items[0].AsSpan())
        {
            touched.Add(member.AsString()!);
        }

        var perTarget = new Dictionary<string, ExecutionCounter>(StringComparer.Ordinal);
        for (var i = 0; i < scope.Targets.Count; i++)
        {
            var at = 5 + (i * 3);
            perTarget[scope.Targets[i]] = new ExecutionCounter(
                (int)items[at].AsInt64(), Time(items[at + 1]), Time(items[at + 2]));
        }

        return new GuardCounters
        {
            ServicesTouchedAutonomously = touched,
            Principal = new ExecutionCounter((int)items[1].AsInt64(), Time(items[2]), null),
            Action = new ExecutionCounter((int)items[3].AsInt64(), Time(items[4]), null),
            PerTarget = perTarget,
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, ExecutionCounter>> ReadPoliciesAsync(
        IReadOnlyList<HealingPolicy> policies, string service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (policies.Count == 0)
        {
            return new Dictionary<string, ExecutionCounter>();
        }

        // Plain pipelined reads, no script: per policy the hour's executions (ZRANGEBYSCORE, at most the hourly cap of
        // entries) and one MGET of every cooldown, all written before any reply is awaited. A report needs no atomic
        // snapshot across keys, and on Garnet a script call costs several plain reads (it runs as a transaction).
        var minimum = string.Create(CultureInfo.InvariantCulture, $"({now.ToUnixTimeMilliseconds() - HourMs}");
        var windows = new ValueTask<RespValue>[policies.Count];
        var cooldownKeys = new RespArgument[policies.Count];
        for (var i = 0; i < policies.Count; i++)
        {
            windows[i] = store.ExecuteAsync("ZRANGEBYSCORE",
                [keys.GuardExecutions($"policy:{policies[i].Name}", service), minimum, "+inf", "WITHSCORES"], cancellationToken);
            cooldownKeys[i] = keys.GuardCooldown($"policy:{policies[i].Name}", service);
        }

        var cooldowns = store.ExecuteAsync("MGET", cooldownKeys, cancellationToken);
        var windowsRead = new (int Count, DateTimeOffset? Oldest)[policies.Count];
        for (var i = 0; i < policies.Count; i++)
        {
            windowsRead[i] = CountAndOldest(await windows[i].ConfigureAwait(false));
        }

        var ends = (await cooldowns.ConfigureAwait(false)).AsSpan();
        var result = new Dictionary<string, ExecutionCounter>(StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            result[policies[i].Name] = new ExecutionCounter(windowsRead[i].Count, windowsRead[i].Oldest, Time(ends[i]));
        }

        return result;
    }

    /// <summary>
    /// Entries and the lowest score of a ZRANGEBYSCORE … WITHSCORES reply: flat (member, score, …) on RESP2,
    /// (member, score) pairs on RESP3.
    /// </summary>
    private static (int Count, DateTimeOffset? Oldest) CountAndOldest(RespValue reply)
    {
        var items = reply.AsSpan();
        if (items.Length == 0)
        {
            return (0, null);
        }

        return items[0].IsAggregate
            ? (items.Length, Time(items[0][1]))
            : (items.Length / 2, Time(items[1]));
    }

    /// <inheritdoc />
    public async Task<SpendResult> TrySpendAsync(CounterScope scope, string executionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        var args = new RespArgument[11 + scope.Targets.Count];
        args[0] = now.ToUnixTimeMilliseconds();
        args[1] = HourMs;
        args[2] = scope.PrincipalLimit.WindowSeconds * 1000L;
        args[3] = scope.PrincipalLimit.Limit;
        args[4] = (scope.ActionLimit?.WindowSeconds ?? 0) * 1000L;
        args[5] = scope.ActionLimit?.Limit ?? 0;
        args[6] = scope.CooldownSeconds * 1000L;
        args[7] = scope.MaxExecutionsPerHour;
        args[8] = executionId;
        args[9] = scope.Autonomous ? "1" : "0";
        args[10] = (long)scope.AutonomousWindow.TotalMilliseconds;
        for (var i = 0; i < scope.Targets.Count; i++)
        {
            args[11 + i] = scope.Targets[i];
        }

        var reply = await store.EvalAsync(GuardCounterScripts.Spend, Keys(scope), args, cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        return items[0].AsInt64() == 1 ? SpendResult.Ok : new SpendResult(false, items[1].AsString());
    }

    private RespArgument[] Keys(CounterScope scope)
    {
        var keyList = new RespArgument[3 + (scope.Targets.Count * 2)];
        keyList[0] = keys.GuardTouched;
        keyList[1] = keys.GuardPrincipal(scope.Principal);
        keyList[2] = keys.GuardAction(scope.Action.ToWireName());
        for (var i = 0; i < scope.Targets.Count; i++)
        {
            keyList[3 + (i * 2)] = keys.GuardExecutions(scope.Key, scope.Targets[i]);
            keyList[4 + (i * 2)] = keys.GuardCooldown(scope.Key, scope.Targets[i]);
        }

        return keyList;
    }

    private static DateTimeOffset? Time(RespValue value)
    {
        var text = value.AsString();
        return string.IsNullOrEmpty(text)
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse(text, CultureInfo.InvariantCulture));
    }
}
