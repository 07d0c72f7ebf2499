using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

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
    public ValueTask<RedisResult> ExecuteAsync(string command, ReadOnlySpan<object> arguments, CancellationToken cancellationToken = default)
    {
        var (outage, delay) = faults.Roll();
        return outage || delay > 0
            ? FaultedAsync(outage, delay, command, arguments.ToArray(), cancellationToken)
            : inner.ExecuteAsync(command, arguments, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RedisResult> EvalAsync(StoreScript script, ReadOnlySpan<RedisKey> keys, ReadOnlySpan<RedisValue> arguments, CancellationToken cancellationToken = default)
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

    private async ValueTask<RedisResult> FaultedAsync(bool outage, int delay, string command, object[] arguments, CancellationToken cancellationToken)
    {
        await ApplyAsync(outage, delay, cancellationToken).ConfigureAwait(false);
        return await inner.ExecuteAsync(command, arguments, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<RedisResult> FaultedEvalAsync(bool outage, int delay, StoreScript script, RedisKey[] keys, RedisValue[] arguments, CancellationToken cancellationToken)
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
