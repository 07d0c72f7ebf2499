namespace ReliabilityMcp.Core.Chaos;

/// <summary>The templates shipped with the server, used when the configuration has none.</summary>
public static class ChaosTemplateLibrary
{
    private static readonly ChaosProbe Health = new() { Name = "health", Path = "/health", ExpectedStatus = 200, LatencyThresholdMs = 1000 };

    /// <summary>latency-spike, error-storm, timeout, dependency-outage, cascading-failure and control-plane-store-outage.</summary>
    public static IReadOnlyDictionary<string, ChaosTemplate> Defaults { get; } = new Dictionary<string, ChaosTemplate>(StringComparer.Ordinal)
    {
        ["latency-spike"] = new()
        {
            Description = "Adds 800 ms (+ up to 200 ms jitter) to every request of the target.",
            DurationSeconds = 60,
            Faults = [new() { Type = ChaosFaultType.Latency, LatencyMs = 800, JitterMs = 200 }],
            Probes = [Health with { LatencyThresholdMs = 1500 }],
        },
        ["error-storm"] = new()
        {
            Description = "Half of the target's requests answer 503.",
            DurationSeconds = 60,
            Faults = [new() { Type = ChaosFaultType.Error, StatusCode = 503, Rate = 0.5 }],
            Probes = [Health],
            Abort = new() { ProbeFailureRatio = 0.75, ErrorRatio = 0.75 },
        },
        ["timeout"] = new()
        {
            Description = "A fifth of the target's requests have their connection dropped (clients see resets or timeouts).",
            DurationSeconds = 60,
            Faults = [new() { Type = ChaosFaultType.Abort, Rate = 0.2 }],
            Probes = [Health],
        },
        ["dependency-outage"] = new()
        {
            Description = "Every dependency of the target answers 503; probes check the target degrades gracefully.",
            DurationSeconds = 60,
            Faults = [new() { Type = ChaosFaultType.Error, On = ChaosFaultScope.Dependencies, StatusCode = 503 }],
            Probes = [Health],
        },
        ["cascading-failure"] = new()
        {
            Description = "Slow dependencies plus a share of errors on the target itself: the classic cascade.",
            DurationSeconds = 90,
            Faults =
            [
                new() { Type = ChaosFaultType.Latency, On = ChaosFaultScope.Dependencies, LatencyMs = 1500, JitterMs = 500 },
                new() { Type = ChaosFaultType.Error, StatusCode = 500, Rate = 0.2 },
            ],
            Probes = [Health with { LatencyThresholdMs = 2000 }],
            Abort = new() { ProbeFailureRatio = 0.6, BurnRate = 14.4 },
        },
        ["control-plane-store-outage"] = new()
        {
            Description = "The server's own store connection fails every command: state-changing tools must fail closed, then recover.",
            Target = ChaosTargetKinds.ControlPlaneStore,
            DurationSeconds = 30,
            Faults = [new() { Type = ChaosFaultType.Outage }],
            Probes = [new() { Name = "store", Type = ChaosProbeType.Store, LatencyThresholdMs = 500 }],
            SteadyState = new() { MaxBurnRate = null },
            // The probe is expected to fail throughout: that is the fault, not a reason to stop.
            Abort = new() { ProbeFailureRatio = null, BurnRate = null },
        },
    };
}
