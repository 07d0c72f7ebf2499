using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// The store client: one multiplexed, pipelined connection shared by every caller, with per-command timeouts,
/// cancellation that never desynchronises the stream, a RESP3-or-RESP2 handshake, and background reconnection
/// with capped exponential backoff. See <see cref="IStoreConnection"/> for the failure contract.
/// </summary>
public sealed partial class RespConnection : IStoreConnection, PendingCommand.ICompletionObserver
{
    private readonly StoreConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PendingCommandTimeouts _timeouts = new();
    private readonly ResiliencePipeline _reconnect;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _stateLock = new();
    private readonly ITimer _sweeper;
    private readonly List<PendingCommand> _expired = [];
    private readonly long _defaultTimeoutTicks;
    private RespSession? _session;
    private TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _connectLoop = Task.CompletedTask;
    private bool _connecting;
    private bool _everConnected;
    private StoreUnavailableException? _lastFailure;
    private int _sweeping;
    private int _disposed;

    private RespConnection(StoreConnectionOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RespConnection>();
        _time = timeProvider ?? TimeProvider.System;
        _defaultTimeoutTicks = ToTimestampTicks(_options.CommandTimeout);
        _reconnect = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<StoreUnavailableException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ReconnectBaseDelay,
                MaxDelay = _options.ReconnectMaxDelay,
                OnRetry = args =>
                {
                    Log.ReconnectScheduled(_logger, EndPoint, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();

        // One sweep for every command's timeout instead of a timer per command; fires within a tenth of a
        // second (or a fifth of the command timeout, if shorter) of a deadline.
        var period = TimeSpan.FromTicks(Math.Clamp(_options.CommandTimeout.Ticks / 5, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMillisecond * 100));
        _sweeper = _time.CreateTimer(static state => ((RespConnection)state!).Sweep(), this, period, period);
    }

    /// <inheritdoc />
    public event EventHandler<RespPushEventArgs>? PushReceived;

    /// <inheritdoc />
    public event EventHandler<StoreConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <inheritdoc />
    public string EndPoint => _options.EndPoint;

    /// <inheritdoc />
    public bool IsConnected => Volatile.Read(ref _session) is { IsOpen: true };

    /// <inheritdoc />
    public int Protocol => Volatile.Read(ref _session)?.Protocol ?? 0;

    /// <summary>Replies the current connection read and dropped because their callers had gone (tests, diagnostics).</summary>
    internal long DiscardedReplies => Volatile.Read(ref _session)?.DiscardedReplies ?? 0;

    /// <summary>Commands the current connection has written and not yet had answered (tests, diagnostics).</summary>
    internal int AwaitingReplyCount => Volatile.Read(ref _session)?.AwaitingReplyCount ?? 0;

    /// <summary>Commands waiting for a reply or a slot on the socket.</summary>
    internal int PendingCount => _timeouts.Count;

    /// <summary>
    /// Creates the connection and starts connecting in the background; returns at once, even when the store is
    /// down (callers then get <see cref="StoreUnavailableException"/> until it is reachable).
    /// </summary>
    public static RespConnection Create(StoreConnectionOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        var connection = new RespConnection(options, loggerFactory, timeProvider);
        lock (connection._stateLock)
        {
            connection.StartConnectingLocked();
        }

        return connection;
    }

    /// <summary>Creates the connection and waits for the first connection attempt (TCP connect plus handshake).</summary>
    /// <exception cref="StoreUnavailableException">The first attempt failed; the message says why.</exception>
    public static async Task<RespConnection> ConnectAsync(
        StoreConnectionOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var connection = Create(options, loggerFactory, timeProvider);
        try
        {
            await connection.WaitForFirstAttemptAsync(cancellationToken).ConfigureAwait(false);
            if (!connection.IsConnected)
            {
                throw connection._lastFailure ?? StoreUnavailableException.Unreachable(connection.EndPoint, "the connection attempt failed.");
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<RespValue> ExecuteAsync(string command, ReadOnlySpan<RespArgument> arguments, CancellationToken cancellationToken = default)
    {
        RespCommandGuard.Check(command, arguments);
        return SendAsync(command, arguments, default, default, _defaultTimeoutTicks, customTimeout: false, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RespValue> ExecuteAsync(string command, ReadOnlySpan<RespArgument> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        RespCommandGuard.Check(command, arguments);
        return SendAsync(command, arguments, default, default, ToTimestampTicks(timeout), customTimeout: true, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RespValue> EvalAsync(
        LuaScript script, ReadOnlySpan<RespArgument> keys, ReadOnlySpan<RespArgument> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RespValue>(cancellationToken);
        }

        // Encoded once; kept for the one retry a NOSCRIPT reply allows (the arguments are a span, gone after return).
        var encoded = RespCommandWriter.Encode("EVALSHA", [script.Sha1Bytes, keys.Length], keys, arguments, out var length);
        return EvalWithReloadAsync(script, encoded, length, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var reply = await ExecuteAsync("PING", [], cancellationToken).ConfigureAwait(false);
        return reply.Kind == RespKind.SimpleString || reply.Kind == RespKind.BulkString
            ? _time.GetElapsedTime(started)
            : throw new StoreCommandException($"The store answered PING with {reply}.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        RespSession? session;
        Task connectLoop;
        lock (_stateLock)
        {
            session = _session;
            _session = null;
            connectLoop = _connectLoop;
        }

        await connectLoop.ConfigureAwait(false);
        if (session is not null)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _disposing.Dispose();
    }

    /// <summary>Waits until the current outage's first connection attempt has finished (success or failure).</summary>
    internal Task WaitForFirstAttemptAsync(CancellationToken cancellationToken)
    {
        Task attempt;
        lock (_stateLock)
        {
            attempt = _firstAttempt.Task;
        }

        return attempt.WaitAsync(cancellationToken);
    }

    void PendingCommand.ICompletionObserver.OnCompleted(PendingCommand command, Exception? error)
    {
        _timeouts.Remove(command);
        if (StoreDiagnostics.Duration.Enabled)
        {
            StoreDiagnostics.Duration.Record(
                _time.GetElapsedTime(command.Started).TotalSeconds, new KeyValuePair<string, object?>("db.operation.name", command.Command));
        }

        if (error is not null)
        {
            StoreDiagnostics.Errors.Add(1, new KeyValuePair<string, object?>("error.type", error switch
            {
                StoreCommandException => "server",
                TimeoutException => "timeout",
                OperationCanceledException => "canceled",
                _ => "unavailable",
            }));
        }

        if (command.Activity is { } activity)
        {
            if (error is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
                activity.SetTag("error.type", error.GetType().Name);
            }

            activity.Stop();
        }
    }

    private ValueTask<RespValue> SendAsync(
        string command,
        ReadOnlySpan<RespArgument> first,
        ReadOnlySpan<RespArgument> second,
        ReadOnlySpan<RespArgument> third,
        long timeoutTicks,
        bool customTimeout,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RespValue>(cancellationToken);
        }

        var session = Volatile.Read(ref _session);
        if (session is null && FailFastError() is { } down)
        {
            // Known to be down: fail before encoding anything.
            StoreDiagnostics.Errors.Add(1, new KeyValuePair<string, object?>("error.type", "unavailable"));
            return ValueTask.FromException<RespValue>(down);
        }

        var buffer = RespCommandWriter.Encode(command, first, second, third, out var length);
        return Submit(command, buffer, length, timeoutTicks, customTimeout, session, cancellationToken);
    }

    /// <summary>Takes ownership of <paramref name="buffer"/> and queues the command on <paramref name="session"/> (or waits for one).</summary>
    private ValueTask<RespValue> Submit(
        string command, byte[] buffer, int length, long timeoutTicks, bool customTimeout, RespSession? session, CancellationToken cancellationToken)
    {
        if (StoreDeadline.Current is { } callDeadline)
        {
            // A state-changing call's store waits share one deadline (issue 17): never wait past it, never send after it.
            var remaining = callDeadline.Remaining;
            if (remaining <= TimeSpan.Zero)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                StoreDiagnostics.Errors.Add(1, new KeyValuePair<string, object?>("error.type", "timeout"));
                return ValueTask.FromException<RespValue>(callDeadline.Spent(command));
            }

            var left = ToTimestampTicks(remaining);
            if (left < timeoutTicks)
            {
                timeoutTicks = left;
                customTimeout = true;
            }
        }

        var now = _time.GetTimestamp();
        var pending = new PendingCommand(command, buffer, length, now, now + timeoutTicks, errorsAsValues: false, this)
        {
            Activity = StoreDiagnostics.StartCommand(command, _options.Host, _options.Port),
        };
        StoreDiagnostics.Commands.Add(1);

        // Registration first: the sweep must never see a command whose cancellation is half set up.
        pending.Register(cancellationToken);
        _timeouts.Add(pending, customTimeout);
        if (session is not null && session.TrySubmit(pending))
        {
            return new ValueTask<RespValue>(pending.Task);
        }

        return new ValueTask<RespValue>(SubmitWhenConnectedAsync(pending));
    }

    private async Task<RespValue> SubmitWhenConnectedAsync(PendingCommand pending)
    {
        Task attempt;
        lock (_stateLock)
        {
            attempt = _firstAttempt.Task;
        }

        // A connection attempt is under way (start-up, or just after a drop): wait for it, as long as the
        // command's own timeout and cancellation allow. Later attempts in the outage fail callers at once.
        if (!attempt.IsCompleted)
        {
            await Task.WhenAny(attempt, pending.Task).ConfigureAwait(false);
        }

        var session = Volatile.Read(ref _session);
        if (pending.IsCompleted || session is null || !session.TrySubmit(pending))
        {
            pending.ReleaseBuffer();
            pending.TryFail(FailFastError() ?? Unavailable("the connection was lost."));
        }

        return await pending.Task.ConfigureAwait(false);
    }

    private async ValueTask<RespValue> EvalWithReloadAsync(LuaScript script, byte[] encoded, int length, CancellationToken cancellationToken)
    {
        var owned = encoded;
        try
        {
            var first = ArrayPool<byte>.Shared.Rent(length);
            encoded.AsSpan(0, length).CopyTo(first);
            try
            {
                return await Submit("EVALSHA", first, length, _defaultTimeoutTicks, false, Volatile.Read(ref _session), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (StoreCommandException ex) when (ex.ErrorCode == "NOSCRIPT")
            {
                Log.ScriptReloaded(_logger, script.Sha1);
            }

            await ExecuteAsync("SCRIPT", ["LOAD", script.Text], cancellationToken).ConfigureAwait(false);
            owned = null;
            return await Submit("EVALSHA", encoded, length, _defaultTimeoutTicks, false, Volatile.Read(ref _session), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            if (owned is not null)
            {
                ArrayPool<byte>.Shared.Return(owned);
            }
        }
    }

    /// <summary>The error to fail a caller with at once while no connection is up, or null to wait for an attempt under way.</summary>
    private StoreUnavailableException? FailFastError()
    {
        lock (_stateLock)
        {
            if (_session is { } current)
            {
                // A session that has just failed stays current until its failure is recorded: its reason is the error.
                return current.IsOpen ? null : current.Unavailable();
            }

            if (!_firstAttempt.Task.IsCompleted)
            {
                return null;
            }

            return _lastFailure ?? Unavailable("not connected.");
        }
    }

    private StoreUnavailableException Unavailable(string reason, Exception? inner = null) =>
        StoreUnavailableException.Unreachable(EndPoint, reason, inner);

    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            _timeouts.CollectExpired(now, _expired);
            foreach (var command in _expired)
            {
                var waited = (long)_time.GetElapsedTime(command.Started, now).TotalMilliseconds;
                command.TryFail(command.Queued
                    ? new TimeoutException(
                        $"The store at {EndPoint} did not answer {command.Command} within {waited} ms; its reply will be discarded when it arrives.")
                    : Unavailable($"no connection within {waited} ms ({command.Command} was not sent); still trying to connect."));
            }

            _expired.Clear();
            CheckForStall(now);
        }
        catch (Exception ex)
        {
            Log.SweepFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>
    /// A connection whose oldest command is overdue by a further command timeout, with nothing at all received
    /// meanwhile, is presumed dead (a half-open socket never reports an error): close it and reconnect.
    /// </summary>
    private void CheckForStall(long now)
    {
        var session = Volatile.Read(ref _session);
        if (session?.OldestAwaitingReply is not { } oldest)
        {
            return;
        }

        if (now - oldest.Deadline > _defaultTimeoutTicks && now - session.LastRead > _defaultTimeoutTicks)
        {
            var silence = (long)_time.GetElapsedTime(session.LastRead, now).TotalMilliseconds;
            session.Fail(new TimeoutException(
                $"The store at {EndPoint} sent nothing for {silence} ms while replies were overdue; the connection is presumed dead."));
        }
    }

    private long ToTimestampTicks(TimeSpan duration) =>
        (long)(duration.TotalSeconds * _time.TimestampFrequency);
}
