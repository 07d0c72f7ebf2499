using System.Globalization;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

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

        var perKey = new Dictionary<string, IReadOnlyDictionary<string, ExecutionCounter>>(StringComparer.Ordinal);
        var at = 5;
        foreach (var key in scope.Keys)
        {
            var perTarget = new Dictionary<string, ExecutionCounter>(StringComparer.Ordinal);
            foreach (var target in scope.Targets)
            {
                perTarget[target] = new ExecutionCounter((int)items[at].AsInt64(), Time(items[at + 1]), Time(items[at + 2]));
                at += 3;
            }

            perKey[key.Key] = perTarget;
        }

        return new GuardCounters
        {
            ServicesTouchedAutonomously = touched,
            Principal = new ExecutionCounter((int)items[1].AsInt64(), Time(items[2]), null),
            Action = new ExecutionCounter((int)items[3].AsInt64(), Time(items[4]), null),
            PerKey = perKey,
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
        var windows = new ValueTask<RedisResult>[policies.Count];
        var cooldownKeys = new object[policies.Count];
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
    private static (int Count, DateTimeOffset? Oldest) CountAndOldest(RedisResult reply)
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
        var args = new List<RedisValue>(11 + scope.Targets.Count + (scope.Keys.Count * 2))
        {
            now.ToUnixTimeMilliseconds(), HourMs,
            scope.PrincipalLimit.WindowSeconds * 1000L, scope.PrincipalLimit.Limit,
            (scope.ActionLimit?.WindowSeconds ?? 0) * 1000L, scope.ActionLimit?.Limit ?? 0,
            executionId, scope.Autonomous ? "1" : "0",
            (long)scope.AutonomousWindow.TotalMilliseconds, scope.MaxAutonomousServices, scope.Targets.Count,
        };
        args.AddRange(scope.Targets.Select(t => (RedisValue)t));
        foreach (var key in scope.Keys)
        {
            args.Add(key.CooldownSeconds * 1000L);
            args.Add(key.MaxExecutionsPerHour);
        }

        var reply = await store.EvalAsync(GuardCounterScripts.Spend, Keys(scope), [.. args], cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        if (items[0].AsInt64() == 1)
        {
            return SpendResult.Ok;
        }

        var refusal = items[1].AsString()!;
        var (limit, count, retry) = (items[2].AsInt64(), items[3].AsInt64(), Time(items[4]));
        return new SpendResult(false, refusal, Describe(scope, refusal, limit, count), retry);
    }

    /// <summary>A refusal of the spend script in words, as the guard's own check would put it.</summary>
    private static string Describe(CounterScope scope, string refusal, long limit, long count)
    {
        var subject = refusal[(refusal.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var what = scope.Keys.Count == 1 ? scope.Keys[0].Label : string.Join(" or ", scope.Keys.Select(k => k.Label));
        return refusal[..refusal.IndexOf(':', StringComparison.Ordinal)] switch
        {
            GuardChecks.Cooldown => $"{what} started a {limit / 1000} s cooldown on {subject} since the guard's check",
            GuardChecks.HourlyCap => $"{what} reached {limit} executions per hour on {subject} since the guard's check",
            GuardChecks.AutonomousWindow => $"{count} distinct services would be touched autonomously within {scope.AutonomousWindow.TotalMinutes:0} min (limit {limit}) since the guard's check",
            _ => subject == "principal"
                ? $"{scope.Principal} used {count} of {limit} executions per {scope.PrincipalLimit.WindowSeconds} s since the guard's check"
                : $"{scope.Action.ToWireName()} used {count} of {limit} executions per {scope.ActionLimit?.WindowSeconds} s since the guard's check",
        };
    }

    private RedisKey[] Keys(CounterScope scope)
    {
        var keyList = new List<RedisKey>(3 + (scope.Keys.Count * scope.Targets.Count * 2))
        {
            keys.GuardTouched, keys.GuardPrincipal(scope.Principal), keys.GuardAction(scope.Action.ToWireName()),
        };
        foreach (var key in scope.Keys)
        {
            foreach (var target in scope.Targets)
            {
                keyList.Add(keys.GuardExecutions(key.Key, target));
                keyList.Add(keys.GuardCooldown(key.Key, target));
            }
        }

        return [.. keyList];
    }

    private static DateTimeOffset? Time(RedisResult value)
    {
        var text = value.AsString();
        return string.IsNullOrEmpty(text)
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse(text, CultureInfo.InvariantCulture));
    }
}
