using System.Buffers;
using System.Diagnostics;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// One command between its caller and its reply. Its task completes exactly once, whichever comes first:
/// the reply, the timeout, the caller's cancellation, or the connection dropping. A command that is sent
/// keeps its place in the reply queue whatever happens to its caller, so the stream never gets out of step.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RespValue>
{
    private readonly ICompletionObserver? _observer;
    private byte[]? _buffer;
    private int _completed;
    private CancellationTokenRegistration _registration;

    /// <param name="command">Command name for messages and metrics.</param>
    /// <param name="buffer">Encoded command, rented from <see cref="ArrayPool{T}.Shared"/>; the writer returns it.</param>
    /// <param name="length">Encoded length.</param>
    /// <param name="started">Timestamp (TimeProvider) when the caller asked.</param>
    /// <param name="deadline">Timestamp after which the caller gets a <see cref="TimeoutException"/>.</param>
    /// <param name="errorsAsValues">Return error replies as values (the handshake inspects them) instead of throwing.</param>
    /// <param name="observer">Told about completion (timeouts bookkeeping, metrics); null for handshake commands.</param>
    public PendingCommand(string command, byte[] buffer, int length, long started, long deadline, bool errorsAsValues, ICompletionObserver? observer)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        // Continuations run on the thread pool, never on the connection's reader: a caller that blocks in its
        // continuation must not stall every other caller's replies.
        Command = command;
        _buffer = buffer;
        Length = length;
        Started = started;
        Deadline = deadline;
        ErrorsAsValues = errorsAsValues;
        _observer = observer;
    }

    /// <summary>Receives completion notices.</summary>
    public interface ICompletionObserver
    {
        /// <summary>Called once, by whichever path completed the command, before its task completes.</summary>
        void OnCompleted(PendingCommand command, Exception? error);
    }

    public string Command { get; }

    public int Length { get; }

    public long Started { get; }

    public long Deadline { get; }

    public bool ErrorsAsValues { get; }

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    public Activity? Activity { get; set; }

    /// <summary>Whether the command was handed to a live connection (false while it waits for one to come up).</summary>
    public bool Queued { get; set; }

    /// <summary>Intrusive links for <see cref="PendingCommandTimeouts"/> (guarded by its lock).</summary>
    internal PendingCommand? Previous { get; set; }

    internal PendingCommand? Next { get; set; }

    internal int List { get; set; }

    public ReadOnlySpan<byte> Encoded => _buffer.AsSpan(0, Length);

    /// <summary>Returns the encoded buffer to the pool; only the writer (the buffer's owner once submitted) calls this.</summary>
    public void ReleaseBuffer()
    {
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Cancels the command when <paramref name="cancellationToken"/> fires.</summary>
    public void Register(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingCommand)state!).TryCancel(token), this);
        }
    }

    /// <summary>Completes with the reply; returns false when the caller had already gone (the reply is discarded).</summary>
    public bool TryComplete(RespValue reply)
    {
        if (reply.IsError && !ErrorsAsValues)
        {
            return TryFinish(new StoreCommandException(Command, reply));
        }

        if (!Claim())
        {
            return false;
        }

        _observer?.OnCompleted(this, null);
        SetResult(reply);
        return true;
    }

    public bool TryFail(Exception error) => TryFinish(error);

    private bool TryCancel(CancellationToken token)
    {
        if (!Claim())
        {
            return false;
        }

        var error = new OperationCanceledException(token);
        _observer?.OnCompleted(this, error);
        SetCanceled(token);
        return true;
    }

    private bool TryFinish(Exception error)
    {
        if (!Claim())
        {
            return false;
        }

        _observer?.OnCompleted(this, error);
        SetException(error);
        return true;
    }

    private bool Claim()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        _registration.Unregister();
        return true;
    }
}
