namespace ReliabilityMcp.Core.Chaos;

/// <summary>An experiment as persisted: what was asked, where it is, and what came of it.</summary>
public sealed record ChaosExperiment
{
    /// <summary>Opaque id.</summary>
    public required string Id { get; init; }

    /// <summary>Template name.</summary>
    public required string Template { get; init; }

    /// <summary>Target service, or <c>control-plane</c>.</summary>
    public required string Target { get; init; }

    /// <summary>Who asked (the requester; approvers are in <see cref="ApprovedBy"/>).</summary>
    public required string Principal { get; init; }

    /// <summary>Run length, seconds.</summary>
    public required int DurationSeconds { get; init; }

    /// <summary>Status.</summary>
    public ChaosExperimentStatus Status { get; init; } = ChaosExperimentStatus.SteadyStateCheck;

    /// <summary>When it was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When faults went in.</summary>
    public DateTimeOffset? InjectedAt { get; init; }

    /// <summary>When faults were removed (or expired).</summary>
    public DateTimeOffset? FaultsRemovedAt { get; init; }

    /// <summary>When it reached a terminal status.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Faults placed.</summary>
    public IReadOnlyList<InjectedFault> Faults { get; init; } = [];

    /// <summary>Whether the steady state held before injection (null until checked).</summary>
    public bool? SteadyStateOk { get; init; }

    /// <summary>Why the steady state did not hold.</summary>
    public string? SteadyStateDetail { get; init; }

    /// <summary>Whether it was aborted.</summary>
    public bool Aborted { get; init; }

    /// <summary>Why it was aborted, failed or interrupted.</summary>
    public string? Reason { get; init; }

    /// <summary>Score, degradation, recovery (once scored).</summary>
    public ChaosScore? Result { get; init; }

    /// <summary>Error budget fraction consumed during the run (SLO engine), null when unknown.</summary>
    public double? ErrorBudgetConsumed { get; init; }

    /// <summary>Why <see cref="ErrorBudgetConsumed"/> is what it is ("no SLO engine", "no SLO for checkout"…).</summary>
    public string ErrorBudgetNote { get; init; } = "";

    /// <summary>Approval id when it ran after approval.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>Approvers, when it ran after approval.</summary>
    public IReadOnlyList<string> ApprovedBy { get; init; } = [];

    /// <summary>Every probe sample (bounded by duration / watch interval × probes).</summary>
    public IReadOnlyList<ProbeSample> Samples { get; init; } = [];

    /// <summary>Whether the status is final.</summary>
    public bool IsTerminal => Status is ChaosExperimentStatus.Completed or ChaosExperimentStatus.Aborted
        or ChaosExperimentStatus.SteadyStateFailed or ChaosExperimentStatus.Failed or ChaosExperimentStatus.Interrupted;
}
