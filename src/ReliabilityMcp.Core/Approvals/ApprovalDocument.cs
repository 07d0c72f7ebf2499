using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>The immutable part of an approval: what was asked, by whom, and what the guard said then.</summary>
public sealed record ApprovalDocument
{
    /// <summary>Opaque id, e.g. <c>apr_5f0c…</c>; never a credential.</summary>
    public required string Id { get; init; }

    /// <summary>Handler kind (<c>remediation</c>, <c>chaos</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The authenticated requester.</summary>
    public required string Requester { get; init; }

    /// <summary>The typed action.</summary>
    public required ActionType Action { get; init; }

    /// <summary>Target services.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>The requester's confidence.</summary>
    public required double Confidence { get; init; }

    /// <summary>The requester's justification (data, never interpreted).</summary>
    public required string Justification { get; init; }

    /// <summary>The motivating policy's name, if any (re-read from configuration at approval time).</summary>
    public string? Policy { get; init; }

    /// <summary>Kind-specific payload.</summary>
    public required string PayloadJson { get; init; }

    /// <summary>One sentence for approvers.</summary>
    public required string Summary { get; init; }

    /// <summary>Risk class when requested.</summary>
    public required RiskClass Risk { get; init; }

    /// <summary>Why that risk class.</summary>
    public IReadOnlyList<string> RiskReasons { get; init; } = [];

    /// <summary>Targets plus dependants.</summary>
    public IReadOnlyList<string> BlastRadius { get; init; } = [];

    /// <summary>The guard's reasons for asking for approval.</summary>
    public required string DecisionSummary { get; init; }

    /// <summary>Distinct approvers needed when requested.</summary>
    public required int ApproversNeeded { get; init; }

    /// <summary>When requested.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it expires unless decided.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The requester's idempotency key, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The guarded request this document describes (policy resolved by the caller).</summary>
    public GuardRequest ToGuardRequest(Policies.HealingPolicy? policy) => new()
    {
        Principal = Requester,
        Action = Action,
        Targets = Targets,
        Confidence = Confidence,
        Justification = Justification,
        Policy = policy,
    };
}
