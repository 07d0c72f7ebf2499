using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>What happened when an action executed (also served by <c>GET /api/executions/{id}</c>).</summary>
/// <param name="ExecutionId">Unique id; claimed in the store before anything runs.</param>
/// <param name="Outcome">
/// <c>completed</c>, <c>failed</c> or <c>rolled_back</c>; <c>running</c> while it runs; <c>unknown</c> when the executor may
/// have run but its server stopped (or lost the store) before it knew the result, until an operator resolves it.
/// </param>
/// <param name="Action">The action's wire name.</param>
/// <param name="Targets">Target services.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Approvers">Who approved (empty for autonomous runs).</param>
/// <param name="ApprovalId">The approval it ran under, if any.</param>
/// <param name="Executor">The executor's name.</param>
/// <param name="Steps">Each executor call.</param>
/// <param name="BeforeChecks">Health probes before.</param>
/// <param name="AfterChecks">Health probes after.</param>
/// <param name="Inverse">The recorded inverse and whether it ran.</param>
/// <param name="CircuitBreaker">The executor's circuit state after the run: <c>closed</c>, <c>open</c>, <c>half_open</c>, <c>isolated</c>.</param>
/// <param name="CountersSpent">Whether cooldown, hourly cap and rate-limit counters were spent.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="SpendRefused">The limit that had no room any more at the atomic spend (another call took the last slot
/// after the guard's check): nothing ran, and execute_remediation answers <c>denied</c> or <c>pending_approval</c>.</param>
/// <param name="Resolution">Who resolved an unknown outcome, when, and why.</param>
/// <param name="StartedAt">Start (UTC).</param>
/// <param name="FinishedAt">End (UTC).</param>
public sealed record ExecutionReport(
    string ExecutionId,
    string Outcome,
    string Action,
    IReadOnlyList<string> Targets,
    string Requester,
    IReadOnlyList<string> Approvers,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<HealthCheckReport> BeforeChecks,
    IReadOnlyList<HealthCheckReport> AfterChecks,
    InverseReport Inverse,
    string CircuitBreaker,
    bool CountersSpent,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? ApprovalId = null,
    string? Executor = null,
    string? Error = null,
    GuardCheck? SpendRefused = null,
    string? Resolution = null)
{
    /// <summary>Whether the action succeeded and stayed in place.</summary>
    public bool Succeeded => Outcome == "completed";
}
