using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>
/// The approval state machine: pending → approved → executing → completed | failed | rolled_back | unknown,
/// unknown → completed | failed | rolled_back (an operator resolves it), and pending → rejected | expired. Every
/// transition is one atomic script in the store.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalState>))]
public enum ApprovalState
{
    /// <summary>Waiting for approvers.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>Enough distinct approvers agreed; not yet claimed for execution.</summary>
    [JsonStringEnumMemberName("approved")] Approved,

    /// <summary>Claimed by exactly one replica, which is running it.</summary>
    [JsonStringEnumMemberName("executing")] Executing,

    /// <summary>Ran and succeeded.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>Ran and failed (or could not run).</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>Ran, failed its after-check, and was undone by its inverse.</summary>
    [JsonStringEnumMemberName("rolled_back")] RolledBack,

    /// <summary>An approver said no.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,

    /// <summary>Nobody decided in time.</summary>
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>
    /// The server running it stopped (or lost the store) while the executor may have been running: the outcome is
    /// unknown and needs an operator to check the target and resolve it.
    /// </summary>
    [JsonStringEnumMemberName("unknown")] Unknown,
}
