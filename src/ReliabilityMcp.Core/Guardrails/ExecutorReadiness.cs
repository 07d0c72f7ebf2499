namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Whether the host can run an action on its targets: the executor that would, or why nothing can.</summary>
/// <param name="Executor">The executor's name (for chaos, the chaos runner), or null when none is configured.</param>
/// <param name="Problem">Why it cannot run (names the missing executor and where to configure it); null when it can.</param>
public sealed record ExecutorReadiness(string? Executor, string? Problem);
