using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// One TCP connection to the store: a writer loop that drains queued commands into the socket and flushes when
/// the queue is empty (so concurrent callers share packets), and a reader loop that parses replies and hands each
/// to the oldest command still waiting. It lives until the socket fails once; reconnecting makes a new session.
/// </summary>
internal sealed class RespSession : IAsyncDisposable
{
    // Flush early when this much is buffered, so a long burst does not sit in memory until the queue drains.
    private const int FlushThreshold = 64 * 1024;
    private const int CopyChunk = 16 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<PendingCommand> _outbox = Channel.CreateUnbounded<PendingCommand>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly ConcurrentQueue<PendingCommand> _awaitingReply = new();
    private readonly RespReplyParser _parser;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly string _endPoint;
    private readonly Action<RespValue> _onPush;
    private readonly Action<RespSession, Exception> _onFailed;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private long _lastRead;
    private long _discarded;
    private int _failed;
    private int _disposed;
    private Exception? _failure;

    private RespSession(
        Socket socket, StoreConnectionOptions options, TimeProvider time, Action<RespValue> onPush, Action<RespSession, Exception> onFailed)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        _parser = new RespReplyParser(options.ParserLimits);
        _time = time;
        _endPoint = options.EndPoint;
        _onPush = onPush;
        _onFailed = onFailed;
        _lastRead = time.GetTimestamp();
    }

    /// <summary>RESP version agreed in the handshake.</summary>
    public int Protocol { get; set; } = 2;

    public bool IsOpen => Volatile.Read(ref _failed) == 0;

    /// <summary>Why the session ended; null while open.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Replies read for commands whose callers had already given up.</summary>
    public long DiscardedReplies => Interlocked.Read(ref _discarded);

    /// <summary>Commands written to the socket whose replies have not been read yet.</summary>
    public int AwaitingReplyCount => _awaitingReply.Count;

    /// <summary>When bytes last arrived from the store (TimeProvider timestamp).</summary>
    public long LastRead => Interlocked.Read(ref _lastRead);

    /// <summary>Connects the socket and starts the loops (no handshake: the caller runs it).</summary>
    public static async Task<RespSession> ConnectAsync(
        StoreConnectionOptions options,
        TimeProvider time,
        Action<RespValue> onPush,
        Action<RespSession, Exception> onFailed,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var session = new RespSession(socket, options, time, onPush, onFailed);
        session._readLoop = Task.Run(session.ReadLoopAsync, CancellationToken.None);
        session._writeLoop = Task.Run(session.WriteLoopAsync, CancellationToken.None);
        return session;
    }

    /// <summary>Queues a command for writing; false when the session is closed (the caller still owns the command).</summary>
    public bool TrySubmit(PendingCommand command)
    {
        command.Queued = true;
        if (_outbox.Writer.TryWrite(command))
        {
            return true;
        }

        command.Queued = false;
        return false;
    }

    /// <summary>The command that has waited longest for its reply, if any.</summary>
    public PendingCommand? OldestAwaitingReply => _awaitingReply.TryPeek(out var command) ? command : null;

    /// <summary>Closes the session once; every command queued or awaiting a reply fails as unavailable.</summary>
    public void Fail(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is not null)
        {
            return;
        }

        Volatile.Write(ref _failed, 1);
        _outbox.Writer.TryComplete();
        _shutdown.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Dispose();
        FailAwaiting();
        _onFailed(this, reason);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Fail(new ObjectDisposedException(nameof(RespSession), "The connection was closed."));

        // The loops catch everything and end once the socket is closed; only then may the pipes be completed.
        await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // Completing flushes what is left; the socket is already gone.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        Exception? error = null;
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_shutdown.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var command))
                {
                    if (command.IsCompleted)
                    {
                        // Timed out or cancelled before it was sent: nothing will answer it, so it takes no slot.
                        command.ReleaseBuffer();
                        continue;
                    }

                    _awaitingReply.Enqueue(command);
                    Copy(command.Encoded);
                    command.ReleaseBuffer();
                    if (_output.UnflushedBytes >= FlushThreshold)
                    {
                        await FlushAsync().ConfigureAwait(false);
                    }
                }

                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            Fail(error ?? new IOException("The connection's writer stopped."));
            var unavailable = Unavailable();
            while (reader.TryRead(out var command))
            {
                command.ReleaseBuffer();
                command.TryFail(unavailable);
            }

            // Commands this loop queued for a reply after Fail drained the queue.
            FailAwaiting();
        }
    }

    private void Copy(ReadOnlySpan<byte> encoded)
    {
        while (!encoded.IsEmpty)
        {
            var span = _output.GetSpan(Math.Min(encoded.Length, CopyChunk));
            var count = Math.Min(span.Length, encoded.Length);
            encoded[..count].CopyTo(span);
            _output.Advance(count);
            encoded = encoded[count..];
        }
    }

    private async ValueTask FlushAsync()
    {
        var result = await _output.FlushAsync(_shutdown.Token).ConfigureAwait(false);
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new IOException("The connection closed while writing.");
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastRead, _time.GetTimestamp());
                var buffer = result.Buffer;
                try
                {
                    while (_parser.TryRead(buffer, out var reply, out var end))
                    {
                        buffer = buffer.Slice(end);
                        Dispatch(reply);
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    error = buffer.IsEmpty
                        ? new IOException("The store closed the connection.")
                        : new IOException("The store closed the connection in the middle of a reply.");
                    break;
                }

                if (result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            Fail(error ?? new IOException("The connection's reader stopped."));
        }
    }

    private void Dispatch(RespValue reply)
    {
        if (reply.Kind == RespKind.Push)
        {
            // Out of band (RESP3 §push): never the answer to a queued command.
            _onPush(reply);
            return;
        }

        if (!_awaitingReply.TryDequeue(out var command))
        {
            throw new RespProtocolException("The store sent a reply when no command was waiting for one.");
        }

        if (!command.TryComplete(reply))
        {
            Interlocked.Increment(ref _discarded);
            StoreDiagnostics.DiscardedReplies.Add(1);
        }
    }

    private void FailAwaiting()
    {
        var unavailable = Unavailable();
        while (_awaitingReply.TryDequeue(out var command))
        {
            command.TryFail(unavailable);
        }
    }

    /// <summary>Why commands on this closed session fail, as callers should read it.</summary>
    public StoreUnavailableException Unavailable()
    {
        var reason = Failure;
        return reason switch
        {
            StoreUnavailableException unavailable => unavailable,
            RespProtocolException protocol => StoreUnavailableException.Unreachable(
                _endPoint, $"it broke the protocol ({protocol.Message}); the connection was closed.", protocol),
            ObjectDisposedException disposed => StoreUnavailableException.Unreachable(_endPoint, "the connection was closed.", disposed),
            _ => StoreUnavailableException.Unreachable(
                _endPoint, $"the connection was lost ({reason?.Message ?? "closed"}); the command's outcome is unknown.", reason),
        };
    }
}
