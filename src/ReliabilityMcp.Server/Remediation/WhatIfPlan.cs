namespace ReliabilityMcp.Server.Remediation;

/// <summary>Advisory mode's answer: exactly what would run, what it would touch and spend; nothing ran.</summary>
/// <param name="Invocations">The exact invocations (argv per target, or the webhook call).</param>
/// <param name="DryRun">The executor's dry-run output, where it has a dry-run template; for a process executor, whether the AppHost manages and would accept each target.</param>
/// <param name="PredictedBlastRadius">Targets plus every dependant, from the service graph.</param>
/// <param name="CountersToSpend">The counters an execution would spend.</param>
/// <param name="Inverse">How it would be undone.</param>
/// <param name="Notes">Anything that would stop it running (no executor, executable not allow-listed, missing parameter).</param>
/// <param name="Executor">The executor that would run it, or null when none is configured for the action.</param>
public sealed record WhatIfPlan(
    IReadOnlyList<IReadOnlyList<string>> Invocations,
    IReadOnlyList<StepReport> DryRun,
    IReadOnlyList<string> PredictedBlastRadius,
    IReadOnlyList<string> CountersToSpend,
    string Inverse,
    IReadOnlyList<string> Notes,
    string? Executor = null);
