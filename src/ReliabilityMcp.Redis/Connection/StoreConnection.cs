using System.Diagnostics;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Connection;

/// <summary>
/// <see cref="IStoreConnection"/> on a StackExchange.Redis multiplexer: keeps the call's <see cref="StoreDeadline"/>
/// (never waits past it, never sends after it), maps the library's failures to the store's exception types, loads
/// scripts once, and records a span per command.
/// </summary>
public sealed class StoreConnection : IStoreConnection
{
    private readonly IConnectionMultiplexer _multiplexer;
    private readonly IDatabase _database;
    private readonly bool _ownsMultiplexer;

    /// <summary>Wraps <paramref name="multiplexer"/>; disposing this disposes it only when <paramref name="ownsMultiplexer"/>.</summary>
    public StoreConnection(IConnectionMultiplexer multiplexer, string endPoint, bool ownsMultiplexer)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        _multiplexer = multiplexer;
        _database = multiplexer.GetDatabase();
        _ownsMultiplexer = ownsMultiplexer;
        EndPoint = endPoint;
    }

    /// <inheritdoc />
    public string EndPoint { get; }

    /// <inheritdoc />
    public bool IsConnected => _multiplexer.IsConnected;

    /// <inheritdoc />
    public int Protocol => _multiplexer.GetEndPoints() is [var first, ..] && _multiplexer.GetServer(first) is { IsConnected: true } server
        ? server.Protocol == RedisProtocol.Resp3 ? 3 : 2
        : 0;

    /// <summary>The multiplexer, for the typed API (vector sets) and the server-level commands.</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer;

    /// <summary>
    /// Creates a connection that connects in the background (<c>abortConnect=false</c> unless the string says
    /// otherwise): it returns while the store is down, and commands fail with <see cref="StoreUnavailableException"/>
    /// until it is up.
    /// </summary>
    /// <remarks>
    /// The library's own connection log is not wired to the host's logging: it writes its handshake chatter at
    /// Information, configuration text included; failures reach callers and <c>/health</c> as exceptions instead.
    /// </remarks>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static StoreConnection Create(string connectionString)
    {
        var options = StoreConfiguration.Parse(connectionString);
        var multiplexer = ConnectionMultiplexer.Connect(options);
        return new StoreConnection(multiplexer, StoreConfiguration.Describe(options), ownsMultiplexer: true);
    }

    /// <summary>Connects to the store and returns once connected.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot be reached or refused the handshake.</exception>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static async Task<StoreConnection> ConnectAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var options = StoreConfiguration.Parse(connectionString);
        options.AbortOnConnectFail = true;
        var endPoint = StoreConfiguration.Describe(options);
        try
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new StoreConnection(multiplexer, endPoint, ownsMultiplexer: true);
        }
        catch (RedisConnectionException e)
        {
            throw Unavailable(endPoint, e);
        }
    }

    /// <inheritdoc />
    public ValueTask<RedisResult> ExecuteAsync(string command, ReadOnlySpan<object> arguments, CancellationToken cancellationToken = default)
    {
        var args = arguments.ToArray();
        return RunAsync(command, static (database, state) => database.ExecuteAsync(state.Command, state.Args), (Command: command, Args: args), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RedisResult> EvalAsync(StoreScript script, ReadOnlySpan<RedisKey> keys, ReadOnlySpan<RedisValue> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        return RunAsync("EVALSHA", static (database, state) => EvalShaAsync(database, state.Script, state.Keys, state.Args),
            (Script: script, Keys: keys.ToArray(), Args: arguments.ToArray()), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await RunAsync("PING", static (database, _) => database.ExecuteAsync("PING"), 0, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsMultiplexer)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The store's failure as the stores' exception type, or null when it already is one (a timeout, a cancellation).</summary>
    /// <remarks>
    /// Redis blocks every client while a script runs past its busy limit and answers <c>BUSY</c> (Garnet blocks only
    /// that script's keys): the command did not run and the store cannot serve now, which callers treat as down
    /// (a guard decision fails closed with "store unavailable").
    /// </remarks>
    internal static Exception? Map(string endPoint, string command, Exception error) => error switch
    {
        RedisServerException server when IsAuthentication(server.Message) => new StoreUnavailableException(
            $"The store at {endPoint} requires authentication: set password= (and user= for an ACL user) in ConnectionStrings:store.", server),
        RedisServerException server when server.Message.StartsWith("BUSY", StringComparison.Ordinal) => new StoreUnavailableException(
            $"The store at {endPoint} is busy running a slow script and refuses every other command until it ends (BUSY); {command} was not run.", server),
        RedisServerException server => new StoreCommandException(command, server.Message, server),
        RedisConnectionException connection => Unavailable(endPoint, connection),
        ObjectDisposedException disposed => StoreUnavailableException.Unreachable(endPoint, "the connection was closed.", disposed),
        _ => null,
    };

    private static async Task<RedisResult> EvalShaAsync(IDatabase database, StoreScript script, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await database.ScriptEvaluateAsync(script.Hash, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // Not in this node's script cache (a restart, SCRIPT FLUSH, a cluster node that never ran it): a plain EVAL
            // runs it and caches it, so the next EVALSHA finds it. Keys go as RedisKey, so a cluster routes it by them.
            // (Not the library's ScriptEvaluateAsync(string): right after a NOSCRIPT its SCRIPT LOAD + EVALSHA hung
            // on Garnet until the command timeout.)
            var eval = new object[2 + keys.Length + args.Length];
            eval[0] = script.Text;
            eval[1] = keys.Length;
            keys.CopyTo(eval, 2);
            for (var i = 0; i < args.Length; i++)
            {
                eval[2 + keys.Length + i] = args[i];
            }

            return await database.ExecuteAsync("EVAL", eval).ConfigureAwait(false);
        }
    }

    private static StoreUnavailableException Unavailable(string endPoint, RedisConnectionException error) =>
        error.FailureType == ConnectionFailureType.AuthenticationFailure || IsAuthentication(error.InnerException?.Message ?? error.Message)
            ? new StoreUnavailableException(
                $"The store at {endPoint} refused the credentials or requires authentication: check password= and user= in ConnectionStrings:store.", error)
            : StoreUnavailableException.Unreachable(endPoint, error.Message, error);

    /// <summary>
    /// Garnet and Redis 7 answer <c>NOAUTH Authentication required</c>; Redis 8 answers the RESP3 handshake with
    /// <c>NOAUTH HELLO must be called with the client already authenticated</c>; a wrong password is <c>WRONGPASS</c>.
    /// </summary>
    private static bool IsAuthentication(string message) =>
        message.Contains("NOAUTH", StringComparison.Ordinal) || message.Contains("WRONGPASS", StringComparison.Ordinal)
        || message.Contains("invalid password", StringComparison.OrdinalIgnoreCase);

    private async ValueTask<RedisResult> RunAsync<TState>(
        string command, Func<IDatabase, TState, Task<RedisResult>> send, TState state, CancellationToken cancellationToken)
    {
        var deadline = StoreDeadline.Current;
        var wait = Timeout.InfiniteTimeSpan;
        if (deadline is not null)
        {
            // A state-changing call's store waits share one deadline (issue 17): never wait past it, never send after it.
            wait = deadline.Remaining;
            if (wait <= TimeSpan.Zero)
            {
                StoreDiagnostics.Errors.Add(1, new KeyValuePair<string, object?>("error.type", "timeout"));
                throw deadline.Spent(command);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var activity = StoreDiagnostics.StartCommand(command, EndPoint);
        StoreDiagnostics.Commands.Add(1);
        var started = Stopwatch.GetTimestamp();
        Task<RedisResult>? sent = null;
        try
        {
            sent = send(_database, state);
            var reply = deadline is null && !cancellationToken.CanBeCanceled
                ? await sent.ConfigureAwait(false)
                : await sent.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            StoreDiagnostics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            return reply;
        }
        catch (Exception e)
        {
            if (sent is { IsCompleted: false })
            {
                // Abandoned (deadline or cancellation): the library still completes it; observe that outcome.
                _ = sent.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            // A TimeoutException while the library's task is still running came from our wait on the deadline (its
            // timer may fire a hair before the stopwatch says the budget is gone, so do not re-check Remaining).
            var mapped = e is TimeoutException && deadline is not null && sent is { IsCompleted: false } ? deadline.Spent(command) : Map(EndPoint, command, e);
            var kind = (mapped ?? e) switch
            {
                StoreCommandException => "server",
                TimeoutException => "timeout",
                OperationCanceledException => "canceled",
                _ => "unavailable",
            };
            StoreDiagnostics.Errors.Add(1, new KeyValuePair<string, object?>("error.type", kind));
            activity?.SetStatus(ActivityStatusCode.Error, kind);
            if (mapped is null)
            {
                throw;
            }

            throw mapped;
        }
    }
}
