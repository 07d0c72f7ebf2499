using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Readiness probe used while a store process is starting: a one-shot connection (handshake with authentication,
/// PING, close; no reconnect), so a store that is not up yet answers false instead of a connection retrying.
/// </summary>
internal static class StoreProbe
{
    /// <summary>Whether the store at <paramref name="host"/>:<paramref name="port"/> accepts the password and answers PING within <paramref name="timeout"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (a timeout returns false instead).</exception>
    public static Task<bool> PingAsync(string host, int port, string? password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = new ConfigurationOptions { Password = password, Protocol = RedisProtocol.Resp3 };
        options.EndPoints.Add(host, port);
        return PingAsync(options, timeout, cancellationToken);
    }

    /// <summary>Whether the store named by <paramref name="options"/> completes the handshake and answers PING within <paramref name="timeout"/>.</summary>
    public static async Task<bool> PingAsync(ConfigurationOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var oneShot = options.Clone();
        oneShot.ConnectTimeout = (int)timeout.TotalMilliseconds;
        oneShot.AsyncTimeout = (int)timeout.TotalMilliseconds;
        oneShot.SyncTimeout = (int)timeout.TotalMilliseconds;
        oneShot.AbortOnConnectFail = true;
        oneShot.ConnectRetry = 0;
        try
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(oneShot).WaitAsync(cancellationToken).ConfigureAwait(false);
            await using (multiplexer.ConfigureAwait(false))
            {
                await multiplexer.GetDatabase().PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }
}
