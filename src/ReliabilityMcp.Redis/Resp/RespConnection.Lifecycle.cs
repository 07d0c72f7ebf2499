using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>Connecting, the handshake, and reconnecting after a drop.</summary>
public sealed partial class RespConnection
{
    private static readonly string[] AuthenticationErrors = ["WRONGPASS", "NOPERM", "NOAUTH", "INVALIDPASSWORD"];

    private void StartConnectingLocked()
    {
        if (_connecting || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _connecting = true;
        if (_firstAttempt.Task.IsCompleted)
        {
            _firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var firstAttempt = _firstAttempt;
        _connectLoop = Task.Run(() => ConnectLoopAsync(firstAttempt), CancellationToken.None);
    }

    private async Task ConnectLoopAsync(TaskCompletionSource firstAttempt)
    {
        try
        {
            if (_options.AutoReconnect)
            {
                await _reconnect.ExecuteAsync(
                    static (state, token) => state.Item1.AttemptAsync(state.firstAttempt, token),
                    (this, firstAttempt),
                    _disposing.Token).ConfigureAwait(false);
            }
            else
            {
                await AttemptAsync(firstAttempt, _disposing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            // Disposed while connecting.
        }
        catch (StoreUnavailableException)
        {
            // Only without AutoReconnect: the failure is recorded for callers; nothing retries.
        }
        catch (Exception ex)
        {
            Log.ConnectLoopFailed(_logger, EndPoint, ex);
        }
        finally
        {
            firstAttempt.TrySetResult();
            lock (_stateLock)
            {
                _connecting = false;

                // The session published by this loop may already have dropped while the loop was finishing.
                if (_session is null && _options.AutoReconnect)
                {
                    StartConnectingLocked();
                }
            }
        }
    }

    private async ValueTask AttemptAsync(TaskCompletionSource firstAttempt, CancellationToken cancellationToken)
    {
        try
        {
            var session = await OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            bool reconnected;
            lock (_stateLock)
            {
                if (Volatile.Read(ref _disposed) != 0 || !session.IsOpen)
                {
                    _ = session.DisposeAsync();
                    throw Volatile.Read(ref _disposed) != 0
                        ? new OperationCanceledException(_disposing.Token)
                        : Unavailable($"the connection dropped right after the handshake ({session.Failure?.Message}).", session.Failure);
                }

                _session = session;
                _lastFailure = null;
                reconnected = _everConnected;
                _everConnected = true;
            }

            if (reconnected)
            {
                StoreDiagnostics.Reconnects.Add(1);
            }

            Log.Connected(_logger, EndPoint, session.Protocol, _options.DefaultDatabase);
            firstAttempt.TrySetResult();
            RaiseStateChanged(true, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_disposing.IsCancellationRequested)
        {
            var failure = ex as StoreUnavailableException ?? Unavailable(ex.Message, ex);
            lock (_stateLock)
            {
                _lastFailure = failure;
            }

            Log.ConnectFailed(_logger, failure.Message);
            firstAttempt.TrySetResult();
            throw failure;
        }
    }

    /// <summary>TCP connect and handshake within <see cref="StoreConnectionOptions.ConnectTimeout"/>.</summary>
    private async Task<RespSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RespSession? session = null;
        try
        {
            session = await RespSession.ConnectAsync(_options, _time, OnPush, OnSessionFailed, linked.Token).ConfigureAwait(false);
            await HandshakeAsync(session, linked.Token).ConfigureAwait(false);
            return session;
        }
        catch (Exception ex)
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw ex switch
            {
                StoreUnavailableException unavailable => unavailable,
                OperationCanceledException => Unavailable(
                    $"no connection and handshake within the connect timeout of {(long)_options.ConnectTimeout.TotalMilliseconds} ms.", ex),
                SocketException socket => Unavailable($"{socket.Message} ({socket.SocketErrorCode}).", ex),
                _ => Unavailable($"{ex.Message}", ex),
            };
        }
    }

    /// <summary>
    /// HELLO 3 (with AUTH and SETNAME inside) when RESP3 is wanted, falling back to AUTH on RESP2 when the server
    /// refuses HELLO; then SELECT and a PING that proves the connection is authorised.
    /// </summary>
    private async Task HandshakeAsync(RespSession session, CancellationToken cancellationToken)
    {
        var protocol = 2;
        var nameSent = false;
        if (_options.Protocol == 3)
        {
            var hello = await HandshakeCommandAsync(session, "HELLO", HelloArguments(), cancellationToken).ConfigureAwait(false);
            if (!hello.IsError)
            {
                protocol = NegotiatedProtocol(hello);
                nameSent = _options.ClientName is not null;
            }
            else if (IsAuthenticationError(hello))
            {
                throw AuthenticationFailed(hello);
            }
            else
            {
                // Older servers do not know HELLO (or RESP3): authenticate the RESP2 way.
                Log.HelloRefused(_logger, EndPoint, hello.AsString() ?? string.Empty);
            }
        }

        if (protocol == 2 && _options.Password is not null)
        {
            RespArgument[] auth = _options.User is null ? [_options.Password] : [_options.User, _options.Password];
            var reply = await HandshakeCommandAsync(session, "AUTH", auth, cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw AuthenticationFailed(reply);
            }
        }

        if (!nameSent && _options.ClientName is not null)
        {
            var reply = await HandshakeCommandAsync(session, "CLIENT", ["SETNAME", _options.ClientName], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                Log.ClientNameRefused(_logger, EndPoint, reply.AsString() ?? string.Empty);
            }
        }

        if (_options.DefaultDatabase != 0)
        {
            var reply = await HandshakeCommandAsync(session, "SELECT", [_options.DefaultDatabase], cancellationToken).ConfigureAwait(false);
            if (reply.IsError)
            {
                throw Unavailable($"it refused database {_options.DefaultDatabase} ({reply.AsString()}); check defaultDatabase in the connection string.");
            }
        }

        var ping = await HandshakeCommandAsync(session, "PING", [], cancellationToken).ConfigureAwait(false);
        if (ping.IsError)
        {
            throw IsAuthenticationError(ping)
                ? Unavailable($"it requires authentication ({ping.AsString()}); set password= (and user=) in the connection string.")
                : Unavailable($"it answered PING with an error ({ping.AsString()}).");
        }

        session.Protocol = protocol;
    }

    /// <summary>The <c>proto</c> field of a HELLO reply (a map on RESP3, a flat array if the server stayed on RESP2).</summary>
    private static int NegotiatedProtocol(RespValue hello)
    {
        if (hello.Kind is RespKind.Map or RespKind.Array && hello.Count % 2 == 0)
        {
            foreach (var (key, value) in hello.AsPairs())
            {
                if (key.AsString() == "proto" && value.Kind == RespKind.Integer)
                {
                    return (int)value.AsInt64();
                }
            }
        }

        return hello.Kind == RespKind.Map ? 3 : 2;
    }

    private RespArgument[] HelloArguments()
    {
        var arguments = new List<RespArgument> { 3 };
        if (_options.Password is not null)
        {
            arguments.Add("AUTH");
            arguments.Add(_options.User ?? "default");
            arguments.Add(_options.Password);
        }

        if (_options.ClientName is not null)
        {
            arguments.Add("SETNAME");
            arguments.Add(_options.ClientName);
        }

        return [.. arguments];
    }

    /// <summary>Sends a handshake command on a session not yet shared with callers; error replies come back as values.</summary>
    private Task<RespValue> HandshakeCommandAsync(RespSession session, string command, ReadOnlySpan<RespArgument> arguments, CancellationToken cancellationToken)
    {
        var buffer = RespCommandWriter.Encode(command, arguments, default, default, out var length);
        var now = _time.GetTimestamp();
        var pending = new PendingCommand(command, buffer, length, now, long.MaxValue, errorsAsValues: true, observer: null);
        pending.Register(cancellationToken);
        if (!session.TrySubmit(pending))
        {
            pending.ReleaseBuffer();
            pending.TryFail(Unavailable($"the connection closed during the handshake ({session.Failure?.Message})."));
        }

        return pending.Task;
    }

    private static bool IsAuthenticationError(RespValue error)
    {
        var code = error.ErrorCode ?? string.Empty;
        var text = error.AsString() ?? string.Empty;
        return AuthenticationErrors.Contains(code, StringComparer.OrdinalIgnoreCase)
            || text.Contains("password", StringComparison.OrdinalIgnoreCase)
            || text.Contains("authentication", StringComparison.OrdinalIgnoreCase);
    }

    private StoreUnavailableException AuthenticationFailed(RespValue error) =>
        Unavailable($"authentication failed ({error.AsString()}); check user and password in the connection string.");

    private void OnSessionFailed(RespSession session, Exception reason)
    {
        bool wasCurrent;
        lock (_stateLock)
        {
            wasCurrent = ReferenceEquals(_session, session);
            if (wasCurrent)
            {
                _session = null;
                _lastFailure = Unavailable($"the connection was lost ({reason.Message}).", reason);
                if (_options.AutoReconnect)
                {
                    StartConnectingLocked();
                }
            }
        }

        if (wasCurrent)
        {
            Log.Disconnected(_logger, EndPoint, reason.Message);
            RaiseStateChanged(false, reason);

            // Its loops are ending; release the socket and buffers without making the reader wait for itself.
            _ = session.DisposeAsync().AsTask();
        }
    }

    private void OnPush(RespValue message)
    {
        var handler = PushReceived;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new RespPushEventArgs(message));
        }
        catch (Exception ex)
        {
            // A handler's bug must not kill the connection every caller shares.
            Log.PushHandlerFailed(_logger, ex);
        }
    }

    private void RaiseStateChanged(bool isConnected, Exception? reason)
    {
        try
        {
            ConnectionStateChanged?.Invoke(this, new StoreConnectionStateChangedEventArgs(isConnected, reason));
        }
        catch (Exception ex)
        {
            Log.StateHandlerFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, EventName = "StoreConnected", Level = LogLevel.Information,
            Message = "Connected to the store at {EndPoint} (RESP{Protocol}, database {Database})")]
        public static partial void Connected(ILogger logger, string endPoint, int protocol, int database);

        [LoggerMessage(EventId = 201, EventName = "StoreDisconnected", Level = LogLevel.Warning,
            Message = "Lost the connection to the store at {EndPoint}: {Reason}")]
        public static partial void Disconnected(ILogger logger, string endPoint, string reason);

        [LoggerMessage(EventId = 202, EventName = "StoreConnectFailed", Level = LogLevel.Warning,
            Message = "Could not connect to the store: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 203, EventName = "StoreReconnectScheduled", Level = LogLevel.Debug,
            Message = "Next connection attempt to the store at {EndPoint} (#{Attempt}) in {DelayMs} ms")]
        public static partial void ReconnectScheduled(ILogger logger, string endPoint, int attempt, long delayMs);

        [LoggerMessage(EventId = 204, EventName = "StoreHelloRefused", Level = LogLevel.Information,
            Message = "The store at {EndPoint} refused HELLO 3 ({Error}); using RESP2")]
        public static partial void HelloRefused(ILogger logger, string endPoint, string error);

        [LoggerMessage(EventId = 205, EventName = "StoreClientNameRefused", Level = LogLevel.Debug,
            Message = "The store at {EndPoint} refused CLIENT SETNAME ({Error})")]
        public static partial void ClientNameRefused(ILogger logger, string endPoint, string error);

        [LoggerMessage(EventId = 206, EventName = "StoreScriptReloaded", Level = LogLevel.Information,
            Message = "The store did not have script {Sha1} cached (NOSCRIPT); loaded it and retried")]
        public static partial void ScriptReloaded(ILogger logger, string sha1);

        [LoggerMessage(EventId = 207, EventName = "StorePushHandlerFailed", Level = LogLevel.Error,
            Message = "A PushReceived handler threw")]
        public static partial void PushHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 208, EventName = "StoreStateHandlerFailed", Level = LogLevel.Error,
            Message = "A ConnectionStateChanged handler threw")]
        public static partial void StateHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 209, EventName = "StoreSweepFailed", Level = LogLevel.Error,
            Message = "The store command timeout sweep failed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 210, EventName = "StoreConnectLoopFailed", Level = LogLevel.Error,
            Message = "The store connection loop for {EndPoint} stopped unexpectedly")]
        public static partial void ConnectLoopFailed(ILogger logger, string endPoint, Exception exception);
    }
}
