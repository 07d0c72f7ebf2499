using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Readiness probe used while a store process is starting: a one-shot <see cref="RespConnection"/> (handshake
/// with authentication, PING, close; no reconnect loop), so the store protocol is spoken by one client only.
/// </summary>
internal static class StoreProbe
{
    /// <summary>Whether the store at <paramref name="host"/>:<paramref name="port"/> accepts the password and answers PING within <paramref name="timeout"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (a timeout returns false instead).</exception>
    public static Task<bool> PingAsync(string host, int port, string? password, TimeSpan timeout, CancellationToken cancellationToken) =>
        PingAsync(new StoreConnectionOptions { Host = host, Port = port, Password = password }, timeout, cancellationToken);

    /// <summary>Whether the store named by <paramref name="options"/> completes the handshake and answers PING within <paramref name="timeout"/>.</summary>
    public static async Task<bool> PingAsync(StoreConnectionOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var oneShot = options.Clone();
        oneShot.ConnectTimeout = timeout;
        oneShot.CommandTimeout = timeout;
        oneShot.AutoReconnect = false;
        try
        {
            var connection = await RespConnection.ConnectAsync(oneShot, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await connection.PingAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        catch (Exception ex) when (ex is StoreUnavailableException or StoreCommandException or TimeoutException)
        {
            return false;
        }
    }
}
