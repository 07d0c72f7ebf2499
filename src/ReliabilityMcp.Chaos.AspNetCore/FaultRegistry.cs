using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>
/// The faults in force in this process. Expiry is checked on every read against the clock, so a fault ends at its
/// time even when the controller that added it is gone (the dead man's switch) and even when no timer ever fires.
/// </summary>
public sealed class FaultRegistry(IOptions<ChaosOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<ActiveFault> _faults = [];

    // Copy-on-write snapshot read by every request without a lock or an allocation (the common case is empty).
    private ActiveFault[] _snapshot = [];

    /// <summary>Faults in force now (expired ones are dropped first).</summary>
    public IReadOnlyList<ActiveFault> Active() => Current();

    /// <summary>The faults in force now, as a shared array the caller must not change.</summary>
    internal ActiveFault[] Current()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot.Length == 0)
        {
            return snapshot;
        }

        var now = time.GetUtcNow();
        foreach (var f in snapshot)
        {
            if (f.ExpiresAt <= now)
            {
                lock (_gate)
                {
                    Prune(now);
                    return _snapshot;
                }
            }
        }

        return snapshot;
    }

    /// <summary>Validates and adds a fault; false with the reason when it is not acceptable.</summary>
    public bool TryAdd(FaultSpec spec, [NotNullWhen(true)] out ActiveFault? fault, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        fault = null;
        error = Validate(spec, options.Value);
        if (error is not null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var added = new ActiveFault(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), spec, now, now.AddSeconds(spec.DurationSeconds!.Value));
        lock (_gate)
        {
            Prune(now);
            if (_faults.Count >= options.Value.MaxFaults)
            {
                error = $"{_faults.Count} faults are in force; at most {options.Value.MaxFaults} are allowed. Remove some first.";
                return false;
            }

            _faults.Add(added);
            Publish();
        }

        fault = added;
        return true;
    }

    /// <summary>Removes one fault; false when it does not exist (or already expired).</summary>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            Prune(time.GetUtcNow());
            var removed = _faults.RemoveAll(f => f.Id == id) > 0;
            Publish();
            return removed;
        }
    }

    /// <summary>Removes every fault and returns how many were in force.</summary>
    public int Clear()
    {
        lock (_gate)
        {
            Prune(time.GetUtcNow());
            var n = _faults.Count;
            _faults.Clear();
            Publish();
            return n;
        }
    }

    /// <summary>The checks a fault must pass, as one message that says what to send instead.</summary>
    internal static string? Validate(FaultSpec spec, ChaosOptions options)
    {
        if (!Enum.IsDefined(spec.Type))
        {
            return "type must be latency, error, abort or corrupt.";
        }

        if (spec.DurationSeconds is not { } d)
        {
            return "duration_seconds is required: every fault must end on its own (e.g. \"duration_seconds\": 60).";
        }

        if (d < 1 || d > options.MaxDurationSeconds)
        {
            return $"duration_seconds must be 1 to {options.MaxDurationSeconds}; got {d}.";
        }

        if (!(spec.Rate is >= 0 and <= 1))
        {
            return "rate must be a number from 0 to 1 (share of matching requests affected).";
        }

        if (string.IsNullOrEmpty(spec.PathPrefix) || spec.PathPrefix[0] != '/' || spec.PathPrefix.Length > 256)
        {
            return "path_prefix must start with a slash and be at most 256 characters (a lone slash matches every request).";
        }

        return spec.Type switch
        {
            FaultType.Latency when spec.LatencyMs < 0 || spec.JitterMs < 0 || spec.LatencyMs + (long)spec.JitterMs > options.MaxLatencyMs
                => $"latency_ms and jitter_ms must be 0 or more and add up to at most {options.MaxLatencyMs}.",
            FaultType.Latency when spec.LatencyMs + spec.JitterMs == 0 => "a latency fault needs latency_ms (e.g. 500) or jitter_ms above 0.",
            FaultType.Error when spec.StatusCode is < 400 or > 599 => $"status_code must be 400 to 599; got {spec.StatusCode}.",
            _ => null,
        };
    }

    // Callers hold _gate.
    private void Prune(DateTimeOffset now)
    {
        _faults.RemoveAll(f => f.ExpiresAt <= now);
        Publish();
    }

    private void Publish() => Volatile.Write(ref _snapshot, [.. _faults]);
}
