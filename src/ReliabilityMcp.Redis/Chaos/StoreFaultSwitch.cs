using System.Security.Cryptography;

namespace ReliabilityMcp.Redis.Chaos;

/// <summary>
/// The faults currently turned on in this process's store pipeline. Like the service middleware, every fault has an
/// expiry checked on each command, so a game day that loses its runner still ends.
/// </summary>
public sealed class StoreFaultSwitch(TimeProvider time)
{
    private readonly Lock _gate = new();
    private ImmutableFaults _faults = ImmutableFaults.Empty;

    /// <summary>Faults in force now.</summary>
    public IReadOnlyList<StoreFault> Active
    {
        get
        {
            var now = time.GetUtcNow();
            return [.. Volatile.Read(ref _faults).Items.Where(f => f.ExpiresAt > now)];
        }
    }

    /// <summary>Turns a fault on for <paramref name="duration"/>.</summary>
    public StoreFault Add(bool outage, int latencyMs, int jitterMs, double rate, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var fault = new StoreFault(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), outage, latencyMs, jitterMs, rate, time.GetUtcNow() + duration);
        lock (_gate)
        {
            _faults = new ImmutableFaults([.. Active, fault]);
        }

        return fault;
    }

    /// <summary>Turns one fault off; false when it was not on.</summary>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            var before = _faults.Items.Length;
            _faults = new ImmutableFaults([.. _faults.Items.Where(f => f.Id != id)]);
            return _faults.Items.Length != before;
        }
    }

    /// <summary>The fault (if any) that hits the next command: an outage wins over latency.</summary>
    internal (bool Outage, int DelayMs) Roll()
    {
        var items = Volatile.Read(ref _faults).Items;
        if (items.Length == 0)
        {
            return (false, 0);
        }

        var now = time.GetUtcNow();
        var delay = 0;
        foreach (var f in items)
        {
            if (f.ExpiresAt <= now || Random.Shared.NextDouble() >= f.Rate)
            {
                continue;
            }

            if (f.Outage)
            {
                return (true, 0);
            }

            delay += f.LatencyMs + (f.JitterMs > 0 ? Random.Shared.Next(f.JitterMs + 1) : 0);
        }

        return (false, delay);
    }

    private sealed record ImmutableFaults(StoreFault[] Items)
    {
        public static readonly ImmutableFaults Empty = new([]);
    }
}
