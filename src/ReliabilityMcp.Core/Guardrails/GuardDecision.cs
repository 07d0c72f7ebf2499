namespace ReliabilityMcp.Core.Guardrails;

/// <summary>The guard's decision with every check's result.</summary>
public sealed record GuardDecision
{
    /// <summary>Allow, needs approval, what-if, or deny.</summary>
    public required GuardOutcome Outcome { get; init; }

    /// <summary>Distinct approvers needed (0 unless <see cref="GuardOutcome.NeedsApproval"/>).</summary>
    public required int ApprovalsRequired { get; init; }

    /// <summary>Assessed risk class with reasons.</summary>
    public required RiskAssessment Risk { get; init; }

    /// <summary>Targets plus transitive dependants, computed by the server.</summary>
    public required IReadOnlyList<string> BlastRadius { get; init; }

    /// <summary>Operating mode in force for the principal.</summary>
    public required OperatingMode OperatingMode { get; init; }

    /// <summary>Every check, in order.</summary>
    public required IReadOnlyList<GuardCheck> Checks { get; init; }

    /// <summary>The checks that failed (denial reasons).</summary>
    public IEnumerable<GuardCheck> Failed => Checks.Where(c => c.Status == CheckStatus.Failed);

    /// <summary>One-line summary for humans and logs.</summary>
    public string Summary => Outcome switch
    {
        GuardOutcome.Allow => "allowed: every check passed",
        GuardOutcome.WhatIf => "what-if only: advisory mode, nothing runs",
        GuardOutcome.NeedsApproval => $"needs approval from {ApprovalsRequired} approver(s): {string.Join("; ", Checks.Where(c => c.Status == CheckStatus.NeedsApproval).Select(c => c.Detail))}",
        _ => $"denied: {string.Join("; ", Failed.Select(c => $"{c.Name}: {c.Detail}"))}",
    };
}
