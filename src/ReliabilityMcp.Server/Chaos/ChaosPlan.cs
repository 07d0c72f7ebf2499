namespace ReliabilityMcp.Server.Chaos;

/// <summary>What a run would do (the what-if answer, and what approvers see).</summary>
/// <param name="Template">Template name.</param>
/// <param name="Target">Target.</param>
/// <param name="DurationSeconds">Run length; every fault expires on its own after it.</param>
/// <param name="Faults">Each fault and where it would go.</param>
/// <param name="Probes">Steady-state probes.</param>
/// <param name="AbortConditions">When the run would stop early.</param>
/// <param name="Rollback">always or on_deviation.</param>
public sealed record ChaosPlan(
    string Template, string Target, int DurationSeconds, IReadOnlyList<string> Faults, IReadOnlyList<string> Probes,
    IReadOnlyList<string> AbortConditions, string Rollback);
