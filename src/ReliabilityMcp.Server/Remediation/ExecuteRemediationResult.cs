using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>Structured result of <c>execute_remediation</c>.</summary>
/// <param name="Status"><c>executed</c>, <c>pending_approval</c>, <c>what_if</c> or <c>denied</c>.</param>
/// <param name="Action">The action's wire name.</param>
/// <param name="Targets">Target services.</param>
/// <param name="Risk">Risk class assessed by the server.</param>
/// <param name="BlastRadius">Targets plus dependants, computed by the server.</param>
/// <param name="OperatingMode">The mode in force for the caller.</param>
/// <param name="Summary">The guard's one-line summary.</param>
/// <param name="Checks">Every guard check, in order.</param>
/// <param name="Approval">For <c>pending_approval</c>.</param>
/// <param name="Plan">For <c>what_if</c>.</param>
/// <param name="Execution">For <c>executed</c>.</param>
/// <param name="IdempotencyKey">The key sent, if any.</param>
/// <param name="IdempotentReplay">True when this is the stored first result of an earlier call with the same key.</param>
/// <param name="StoreProblem">Why counter state or the audit was unavailable, if so.</param>
public sealed record ExecuteRemediationResult(
    string Status,
    string Action,
    IReadOnlyList<string> Targets,
    RiskClass Risk,
    IReadOnlyList<string> BlastRadius,
    OperatingMode OperatingMode,
    string Summary,
    IReadOnlyList<GuardCheck> Checks,
    PendingApprovalReport? Approval = null,
    WhatIfPlan? Plan = null,
    ExecutionReport? Execution = null,
    string? IdempotencyKey = null,
    bool IdempotentReplay = false,
    string? StoreProblem = null);
