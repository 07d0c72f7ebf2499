namespace ReliabilityMcp.Server.Remediation;

/// <summary>The recorded inverse of an execution (how to undo it), and whether it ran.</summary>
/// <param name="Available">Whether the action can be undone by the executor.</param>
/// <param name="Description">How to undo it, in words.</param>
/// <param name="Invocations">The exact invocations that undo it (argv per target, or the webhook call).</param>
/// <param name="Ran">Whether it was run (after a failed after-check).</param>
/// <param name="Succeeded">When it ran: whether it succeeded.</param>
/// <param name="Steps">When it ran: each call.</param>
public sealed record InverseReport(
    bool Available,
    string Description,
    IReadOnlyList<IReadOnlyList<string>> Invocations,
    bool Ran = false,
    bool? Succeeded = null,
    IReadOnlyList<StepReport>? Steps = null);
