using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Connection;

/// <summary>
/// The process's connection to a Redis-protocol store (Garnet, Redis, or a cluster of either): one
/// StackExchange.Redis multiplexer shared by every caller, with the failure model the stores and the server rely on.
/// </summary>
/// <remarks>
/// Failures are distinct types: <see cref="StoreCommandException"/> (the store answered with an error; the
/// connection is fine), <see cref="TimeoutException"/> (no reply within the command timeout or the call's
/// <see cref="StoreDeadline"/>), <see cref="OperationCanceledException"/> (the caller's token), and
/// <see cref="StoreUnavailableException"/> (down, dropped, or refused the handshake; never silently retried).
/// A command whose first argument is a <see cref="RedisKey"/> is routed to the node that owns that key's slot.
/// </remarks>
public interface IStoreConnection : IAsyncDisposable
{
    /// <summary>The store's endpoints (<c>host:port</c>, comma-separated), without credentials.</summary>
    string EndPoint { get; }

    /// <summary>Whether a connection is established and ready right now.</summary>
    bool IsConnected { get; }

    /// <summary>The RESP version negotiated (2 or 3); 0 while not connected.</summary>
    int Protocol { get; }

    /// <summary>Sends one command and returns its reply, within the configured command timeout.</summary>
    /// <param name="command">The command name, e.g. <c>GET</c>.</param>
    /// <param name="arguments">Its arguments: <c>[(RedisKey)key, value, "EX", 60]</c>; keys as <see cref="RedisKey"/> route it on a cluster.</param>
    /// <param name="cancellationToken">Cancels the wait (the command may still run on the store).</param>
    /// <returns>The reply; error replies throw <see cref="StoreCommandException"/>.</returns>
    ValueTask<RedisResult> ExecuteAsync(string command, ReadOnlySpan<object> arguments, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a Lua script with <c>EVALSHA</c>; when the node does not have it cached (<c>NOSCRIPT</c>: a restart,
    /// <c>SCRIPT FLUSH</c>, a cluster node that never ran it) sends it once with <c>EVAL</c>, which caches it
    /// (safe: a NOSCRIPT script did not run).
    /// </summary>
    ValueTask<RedisResult> EvalAsync(StoreScript script, ReadOnlySpan<RedisKey> keys, ReadOnlySpan<RedisValue> arguments, CancellationToken cancellationToken = default);

    /// <summary>Sends PING and returns the round-trip time.</summary>
    ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default);
}
