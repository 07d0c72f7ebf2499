using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis;

/// <summary>
/// Whether the store runs Lua scripts atomically across sessions, which every compare-and-set script (audit chain,
/// guard counters, approvals) relies on (issue 18, item 5). Redis always does. Garnet does only with
/// <c>--lua-transaction-mode</c>, and does not report the setting (neither INFO nor CONFIG GET shows it), so for
/// Garnet it is observed inside the store: two sessions each run a script that raises its own flag and watches for
/// the other's for up to <see cref="Window"/>, then lowers its flag. When scripts interleave, one sees the other
/// (both ran at once); when they are atomic, the second starts only after the first ended, back to back.
/// </summary>
/// <remarks>
/// Both scripts are judged by the store's clock, so a client process that is starved for CPU (a busy test host,
/// a loaded machine) cannot make an unsafe store look safe: if the two scripts neither met nor ran back to back,
/// the attempt proves nothing and is repeated. An earlier version had the client poll a key while one script ran
/// and took "never saw it half-way" for atomic; a starved client missed the whole window and passed an unsafe store.
/// </remarks>
public static class ScriptAtomicityProbe
{
    /// <summary>How long each probe script watches for the other (an atomic store is blocked for about twice this).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>The most the second script may start after the first ended for the two to count as queued back to back.</summary>
    public static readonly TimeSpan BackToBack = TimeSpan.FromMilliseconds(100);

    /// <summary>How many attempts that prove nothing are made before giving up (the verdict is then null).</summary>
    public const int MaxAttempts = 3;

    private static readonly StoreScript Script = new("""
        local function now()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        local start = now()
        redis.call('SET', KEYS[1], '1', 'PX', 60000)
        local stop = start + tonumber(ARGV[1]) * 1000
        local saw = 0
        repeat
          if redis.call('EXISTS', KEYS[2]) == 1 then
            saw = 1
            break
          end
        until now() >= stop
        local finish = now()
        redis.call('DEL', KEYS[1])
        return {saw, start, finish}
        """);

    /// <summary>Checks the store at <paramref name="connectionString"/> on two connections of its own, using keys that start with <paramref name="key"/>.</summary>
    /// <returns>
    /// Whether scripts are atomic, and when not what is wrong and how to fix it; null when <see cref="MaxAttempts"/>
    /// attempts proved nothing (the client could not get both scripts to the store together).
    /// </returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached (the check is then unknown, not failed).</exception>
    public static async Task<StoreAtomicity?> CheckAsync(string connectionString, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        // Two multiplexers, so the two scripts arrive on two sessions (one multiplexer would queue them on one socket).
        await using var first = await StoreConnection.ConnectAsync(connectionString, cancellationToken).ConfigureAwait(false);
        var info = (await first.ExecuteAsync("INFO", ["server"], cancellationToken).ConfigureAwait(false)).AsString() ?? "";
        if (!info.Contains("garnet_version:", StringComparison.Ordinal))
        {
            return new StoreAtomicity(true, "not Garnet: Redis runs every script atomically");
        }

        await using var second = await StoreConnection.ConnectAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await second.PingAsync(cancellationToken).ConfigureAwait(false);
        var flagA = $"{key}:a";
        var flagB = $"{key}:b";
        var window = (long)Window.TotalMilliseconds;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var a = first.EvalAsync(Script, [flagA, flagB], [window], cancellationToken).AsTask();
            var b = second.EvalAsync(Script, [flagB, flagA], [window], cancellationToken).AsTask();
            var runA = Run.From(await a.ConfigureAwait(false));
            var runB = Run.From(await b.ConfigureAwait(false));
            switch (Judge(runA, runB))
            {
                case false:
                    return new StoreAtomicity(false,
                        "Garnet runs Lua scripts without --lua-transaction-mode: two sessions' scripts ran at the same time, so caps, approvals and the audit chain are not safe. Restart Garnet with --lua-transaction-mode.");
                case true:
                    return new StoreAtomicity(true, "Garnet with --lua-transaction-mode: scripts are atomic");
            }
        }

        return null;
    }

    /// <summary>false: the scripts interleaved; true: they ran back to back; null: they ran too far apart to tell.</summary>
    internal static bool? Judge(Run a, Run b)
    {
        if (a.SawOther || b.SawOther || (a.Start < b.Finish && b.Start < a.Finish))
        {
            return false;
        }

        var gapMicroseconds = Math.Max(a.Start, b.Start) - Math.Min(a.Finish, b.Finish);
        return gapMicroseconds <= BackToBack.TotalMicroseconds ? true : null;
    }

    /// <summary>One script's report, in the store's clock (microseconds).</summary>
    internal readonly record struct Run(bool SawOther, long Start, long Finish)
    {
        public static Run From(RedisResult reply)
        {
            var items = reply.AsSpan();
            return new Run(items[0].AsInt64() == 1, items[1].AsInt64(), items[2].AsInt64());
        }
    }
}
