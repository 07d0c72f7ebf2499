using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Chaos;

/// <summary>
/// Decorates the store connection with the faults of a <see cref="StoreFaultSwitch"/>: an outage fails commands
/// with <see cref="StoreUnavailableException"/> (what callers see when the store is really down), latency delays
/// them. With no fault on it costs one volatile read per command.
/// </summary>
public sealed class FaultInjectingStoreConnection(IStoreConnection inner, StoreFaultSwitch faults, TimeProvider time) : IStoreConnection
{
    /// <inheritdoc />
    public string EndPoint => inner.EndPoint;

    /// <inheritdoc />
    public bool IsConnected => inner.IsConnected;

    /// <inheritdoc />
    public int Protocol => inner.Protocol;

    /// <inheritdoc />
    public event EventHandler<RespPushEventArgs>? PushReceived
    {
        add => inner.PushReceived += value;
        remove => inner.PushReceived -= value;
    }

    /// <inheritdoc />
    public event EventHandler<StoreConnectionStateChangedEventArgs>? ConnectionStateChanged
    {
        add => inner.ConnectionStateChanged += value;
        remove => inner.ConnectionStateChanged -= value;
    }

    /// <inheritdoc />
    public ValueTask<RespValue> ExecuteAsync(string command, ReadOnlySpan<RespArgument> arguments, CancellationToken cancellationToken = default)
    {
        var (outage, delay) = faults.Roll();
        return outage || delay > 0
            ? FaultedAsync(outage, delay, command, arguments.ToArray(), null, cancellationToken)
            : inner.ExecuteAsync(command, arguments, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RespValue> ExecuteAsync(string command, ReadOnlySpan<RespArgument> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var (outage, delay) = faults.Roll();
        return outage || delay > 0
            ? FaultedAsync(outage, delay, command, arguments.ToArray(), timeout, cancellationToken)
            : inner.ExecuteAsync(command, arguments, timeout, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RespValue> EvalAsync(LuaScript script, ReadOnlySpan<RespArgument> keys, ReadOnlySpan<RespArgument> arguments, CancellationToken cancellationToken = default)
    {
        var (outage, delay) = faults.Roll();
        return outage || delay > 0
            ? FaultedEvalAsync(outage, delay, script, keys.ToArray(), arguments.ToArray(), cancellationToken)
            : inner.EvalAsync(script, keys, arguments, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var (outage, delay) = faults.Roll();
        await ApplyAsync(outage, delay, cancellationToken).ConfigureAwait(false);
        return await inner.PingAsync(cancellationToken).ConfigureAwait(false) + TimeSpan.FromMilliseconds(delay);
    }

    /// <summary>The decorated connection is owned by the container that created it; nothing to release here.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async ValueTask<RespValue> FaultedAsync(bool outage, int delay, string command, RespArgument[] arguments, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        await ApplyAsync(outage, delay, cancellationToken).ConfigureAwait(false);
        return timeout is { } t
            ? await inner.ExecuteAsync(command, arguments, t, cancellationToken).ConfigureAwait(false)
            : await inner.ExecuteAsync(command, arguments, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<RespValue> FaultedEvalAsync(bool outage, int delay, LuaScript script, RespArgument[] keys, RespArgument[] arguments, CancellationToken cancellationToken)
    {
        await ApplyAsync(outage, delay, cancellationToken).ConfigureAwait(false);
        return await inner.EvalAsync(script, keys, arguments, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ApplyAsync(bool outage, int delay, CancellationToken cancellationToken)
    {
        if (outage)
        {
            throw new StoreUnavailableException($"the store at {inner.EndPoint} is unavailable (chaos: control-plane store outage injected)");
        }

        if (delay > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
