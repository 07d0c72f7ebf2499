namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// A shared, multiplexed connection to a Redis-protocol store (Garnet, Redis). Thread-safe: every caller in the
/// process uses the same instance; commands are pipelined on one socket and their replies matched in order.
/// </summary>
/// <remarks>
/// Failures are distinct types: <see cref="StoreCommandException"/> (the store answered with an error; the
/// connection is fine), <see cref="TimeoutException"/> (no reply within the command timeout; the reply is
/// discarded when it comes), <see cref="OperationCanceledException"/> (the caller's token), and
/// <see cref="StoreUnavailableException"/> (down, dropped, or refused the handshake; never silently retried).
/// Commands that change connection state for every caller (SELECT, AUTH, HELLO, RESET, QUIT, SUBSCRIBE and
/// friends, MONITOR, CLIENT REPLY) are refused with <see cref="NotSupportedException"/>: they would break the
/// other callers sharing the socket. Blocking commands (BLPOP) hold up every caller behind them.
/// </remarks>
public interface IStoreConnection : IAsyncDisposable
{
    /// <summary><c>host:port</c> of the store.</summary>
    string EndPoint { get; }

    /// <summary>Whether a connection is established and ready right now.</summary>
    bool IsConnected { get; }

    /// <summary>The RESP version negotiated by the current connection (2 or 3); 0 while not connected.</summary>
    int Protocol { get; }

    /// <summary>Raised (on the connection's reader, so handlers must be quick) for every RESP3 push message.</summary>
    event EventHandler<RespPushEventArgs>? PushReceived;

    /// <summary>Raised when the connection comes up or goes down.</summary>
    event EventHandler<StoreConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>Sends one command and returns its reply, within the configured command timeout.</summary>
    /// <param name="command">The command name, e.g. <c>GET</c>.</param>
    /// <param name="arguments">Its arguments: <c>[key, value, "EX", 60]</c>.</param>
    /// <param name="cancellationToken">Cancels the wait (the command may still run on the store).</param>
    /// <returns>The reply; error replies throw <see cref="StoreCommandException"/>.</returns>
    ValueTask<RespValue> ExecuteAsync(string command, ReadOnlySpan<RespArgument> arguments, CancellationToken cancellationToken = default);

    /// <summary>Sends one command with its own timeout (for commands known to be slow).</summary>
    ValueTask<RespValue> ExecuteAsync(string command, ReadOnlySpan<RespArgument> arguments, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a Lua script with <c>EVALSHA</c>; when the store does not have it cached (<c>NOSCRIPT</c>, e.g. after
    /// a restart or <c>SCRIPT FLUSH</c>) loads it and retries once (safe: a NOSCRIPT script did not run).
    /// </summary>
    ValueTask<RespValue> EvalAsync(LuaScript script, ReadOnlySpan<RespArgument> keys, ReadOnlySpan<RespArgument> arguments, CancellationToken cancellationToken = default);

    /// <summary>Sends PING and returns the round-trip time.</summary>
    ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default);
}
