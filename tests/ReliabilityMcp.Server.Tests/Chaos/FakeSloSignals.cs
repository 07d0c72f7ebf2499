using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>An SLO engine stand-in: healthy for the first reading (the steady state), burning fast after.</summary>
internal sealed class FakeSloSignals : ISloSignals
{
    private int _calls;

    public Task<SloSignal?> GetAsync(string service, CancellationToken cancellationToken)
    {
        var first = Interlocked.Increment(ref _calls) == 1;
        return Task.FromResult<SloSignal?>(first
            ? new SloSignal(service, "availability", 0.9, 90, BurnRate5m: 0.5, BurnRate1h: 0.5, PageAlert: false, LowTraffic: false)
            : new SloSignal(service, "availability", 0.8, 80, BurnRate5m: 20, BurnRate1h: 3, PageAlert: true, LowTraffic: false));
    }
}
