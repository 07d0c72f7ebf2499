using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis;

/// <summary>
/// Whether the store runs Lua scripts atomically across sessions, which every compare-and-set script (audit chain,
/// guard counters, approvals) relies on (issue 18, item 5). Redis always does. Garnet does only with
/// <c>--lua-transaction-mode</c>, and does not report the setting (neither INFO nor CONFIG GET shows it), so for
/// Garnet it is observed: one session runs a script that writes "running", keeps going for
/// <see cref="Window"/>, then writes "done"; another session reads the key meanwhile. Seeing "running" proves a
/// session saw a script half-way, which cannot happen when scripts are atomic.
/// </summary>
public static class ScriptAtomicityProbe
{
    /// <summary>How long the probe script runs: ample for the reader (polling every 20 ms) to see an unsafe store.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(20);

    private static readonly LuaScript Script = new("""
        redis.call('SET', KEYS[1], 'running')
        local t = redis.call('TIME')
        local stop = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1]) * 1000
        repeat
          t = redis.call('TIME')
        until tonumber(t[1]) * 1000000 + tonumber(t[2]) >= stop
        redis.call('SET', KEYS[1], 'done', 'PX', 60000)
        return 1
        """);

    /// <summary>Checks the store at <paramref name="options"/> on two connections of its own, using <paramref name="key"/>.</summary>
    /// <returns>Whether scripts are atomic; when not, what is wrong and how to fix it.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached (the check is then unknown, not failed).</exception>
    public static async Task<StoreAtomicity> CheckAsync(StoreConnectionOptions options, string key, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        await using var writer = await RespConnection.ConnectAsync(options, timeProvider: time, cancellationToken: cancellationToken).ConfigureAwait(false);
        var info = (await writer.ExecuteAsync("INFO", ["server"], cancellationToken).ConfigureAwait(false)).AsString() ?? "";
        if (!info.Contains("garnet_version:", StringComparison.Ordinal))
        {
            return new StoreAtomicity(true, "not Garnet: Redis runs every script atomically");
        }

        await using var reader = await RespConnection.ConnectAsync(options, timeProvider: time, cancellationToken: cancellationToken).ConfigureAwait(false);
        await reader.ExecuteAsync("DEL", [key], cancellationToken).ConfigureAwait(false);
        var script = writer.EvalAsync(Script, [key], [(long)Window.TotalMilliseconds], cancellationToken).AsTask();
        var sawHalfWay = false;
        while (!script.IsCompleted)
        {
            var value = (await reader.ExecuteAsync("GET", [key], cancellationToken).ConfigureAwait(false)).AsString();
            if (value == "running")
            {
                sawHalfWay = true;
                break;
            }

            if (value == "done")
            {
                break;
            }

            await Task.Delay(ReadInterval, time, cancellationToken).ConfigureAwait(false);
        }

        await script.ConfigureAwait(false);
        await reader.ExecuteAsync("DEL", [key], cancellationToken).ConfigureAwait(false);
        return sawHalfWay
            ? new StoreAtomicity(false,
                "Garnet runs Lua scripts without --lua-transaction-mode: another session saw a script half-way, so caps, approvals and the audit chain are not safe. Restart Garnet with --lua-transaction-mode.")
            : new StoreAtomicity(true, "Garnet with --lua-transaction-mode: scripts are atomic");
    }
}
