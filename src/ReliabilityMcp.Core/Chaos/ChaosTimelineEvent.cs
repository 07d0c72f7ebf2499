namespace ReliabilityMcp.Core.Chaos;

/// <summary>One step of an experiment, in order.</summary>
/// <param name="At">When.</param>
/// <param name="Step">Short machine name: accepted, steady_state, injected, watch, abort, removed, recovered, scored, interrupted…</param>
/// <param name="Detail">One human sentence with the numbers.</param>
public sealed record ChaosTimelineEvent(DateTimeOffset At, string Step, string Detail);
