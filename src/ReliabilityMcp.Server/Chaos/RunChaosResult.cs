using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Structured answer of run_chaos.</summary>
/// <param name="Status">started, steady_state_failed, failed, what_if, pending_approval or denied.</param>
/// <param name="Template">Template name.</param>
/// <param name="Target">Target.</param>
/// <param name="Message">One sentence on what happened and what to do next.</param>
/// <param name="Plan">What the run does (always given).</param>
/// <param name="Decision">The guard's outcome: allow, needs_approval, what_if or deny.</param>
/// <param name="Checks">Every guard check with its status and detail.</param>
/// <param name="ExperimentId">The experiment, when one was created.</param>
/// <param name="SteadyStateOk">Whether the steady state held, when checked.</param>
/// <param name="SteadyStateDetail">What the steady-state check saw.</param>
/// <param name="ApprovalId">The pending approval, when one was created.</param>
/// <param name="ApproversNeeded">Distinct approvers needed.</param>
/// <param name="ApprovalExpiresAt">When the approval expires.</param>
public sealed record RunChaosResult(
    string Status,
    string Template,
    string Target,
    string Message,
    ChaosPlan Plan,
    string Decision,
    IReadOnlyList<GuardCheck> Checks,
    string? ExperimentId = null,
    bool? SteadyStateOk = null,
    string? SteadyStateDetail = null,
    string? ApprovalId = null,
    int? ApproversNeeded = null,
    DateTimeOffset? ApprovalExpiresAt = null);
