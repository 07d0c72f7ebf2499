namespace ReliabilityMcp.Redis.Connection;

/// <summary>
/// One deadline shared by every store command of a call, so a paused or slow store makes the whole call fail
/// closed within its budget instead of each wait spending its own timeout in a row (issue 17: three 1.5 s waits
/// answered a denial after 4.5-5 s). <see cref="StoreConnection"/> gives each command at most the time left and
/// fails commands sent after it at once, without sending them.
/// </summary>
/// <remarks>
/// Ambient (an <see cref="AsyncLocal{T}"/>) so that every store wait of the call is covered, whichever service
/// makes it, without passing a token through each of them. Work the call hands to the background inherits it;
/// the deadline stops applying when the call ends or commits to acting (<see cref="End"/>: an executor starts,
/// a chaos run is persisted), because what follows is no longer a fail-closed decision and must not be cut short.
/// </remarks>
public sealed class StoreDeadline
{
    private static readonly AsyncLocal<StoreDeadline?> Ambient = new();

    private readonly TimeProvider _time;
    private readonly long _started;
    private volatile bool _ended;

    private StoreDeadline(TimeSpan budget, TimeProvider time)
    {
        Budget = budget;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>The deadline of the current call, or null when there is none (or it has ended).</summary>
    public static StoreDeadline? Current => Ambient.Value is { _ended: false } deadline ? deadline : null;

    /// <summary>The whole budget.</summary>
    public TimeSpan Budget { get; }

    /// <summary>Time left; zero or less once spent.</summary>
    public TimeSpan Remaining => Budget - _time.GetElapsedTime(_started);

    /// <summary>Starts a deadline for the current call; disposing the result ends it.</summary>
    public static IDisposable Begin(TimeSpan budget, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = new StoreDeadline(budget, time);
        Ambient.Value = deadline;
        return new Scope(deadline);
    }

    /// <summary>Ends the current call's deadline: the call has committed to acting, its store waits are no longer bounded by it.</summary>
    public static void End()
    {
        if (Ambient.Value is { } deadline)
        {
            deadline._ended = true;
        }
    }

    /// <summary>
    /// Waits for <paramref name="work"/>, store work done on another context (a batching writer) that the connection
    /// cannot attribute to this call, at most until the current call's deadline.
    /// </summary>
    /// <exception cref="TimeoutException">The deadline passed first.</exception>
    internal static async Task<T> WaitAsync<T>(Task<T> work, string what, CancellationToken cancellationToken)
    {
        if (Current is not { } deadline)
        {
            return await work.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await work.WaitAsync(deadline.Remaining > TimeSpan.Zero ? deadline.Remaining : TimeSpan.Zero, deadline._time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw deadline.Spent(what);
        }
    }

    /// <summary>The error for <paramref name="command"/> when the budget is spent before it was sent.</summary>
    internal TimeoutException Spent(string command) =>
        new($"The call's store budget of {Budget.TotalSeconds:0.0#} s was spent before {command} was done (the store is slow or paused); failing closed.");

    private sealed class Scope(StoreDeadline deadline) : IDisposable
    {
        public void Dispose() => deadline._ended = true;
    }
}
