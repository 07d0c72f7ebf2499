using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>What an approve/reject call achieved.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalDecisionStatus>))]
public enum ApprovalDecisionStatus
{
    /// <summary>The approval was counted; more distinct approvers are needed.</summary>
    [JsonStringEnumMemberName("recorded")] Recorded,

    /// <summary>The quorum was reached and the request ran (see the result and the approval's state).</summary>
    [JsonStringEnumMemberName("executed")] Executed,

    /// <summary>The quorum was reached but another approver or replica is running it.</summary>
    [JsonStringEnumMemberName("already_claimed")] AlreadyClaimed,

    /// <summary>Rejected: it will not run.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,

    /// <summary>The guard no longer allows it (freeze, cooldown, budget…); it stays pending until it expires.</summary>
    [JsonStringEnumMemberName("guard_denied")] GuardDenied,

    /// <summary>Refused: not an approver, the requester, already voted, or the human declined.</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>It expired before this decision.</summary>
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>It was already decided.</summary>
    [JsonStringEnumMemberName("not_pending")] NotPending,

    /// <summary>No such approval.</summary>
    [JsonStringEnumMemberName("not_found")] NotFound,
}
