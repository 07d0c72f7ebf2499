namespace ReliabilityMcp.Redis.Approvals;

/// <summary>
/// Key layout of approvals, under the deployment's prefix with one <c>{approvals}</c> hash tag so every
/// transition script stays single-slot on a cluster.
/// </summary>
internal sealed class ApprovalKeys(StoreKeys keys)
{
    /// <summary>Prefix of an approval's hash; its approvers set and events list append a suffix.</summary>
    public string ApprovalPrefix { get; } = $"{keys.Prefix}:{{approvals}}:a:";

    /// <summary>Pending approvals (zset: id → expiry, ms).</summary>
    public string Pending { get; } = $"{keys.Prefix}:{{approvals}}:pending";

    /// <summary>One requester's pending approvals (zset: id → expiry, ms), for the per-principal cap.</summary>
    public string PendingBy(string requester) => $"{keys.Prefix}:{{approvals}}:pending-by:{requester}";

    /// <summary>The approval hash: doc, state, needed, expires, requester, result.</summary>
    public string Approval(string id) => ApprovalPrefix + id;

    /// <summary>Distinct approvers (set).</summary>
    public string Approvers(string id) => ApprovalPrefix + id + ":approvers";

    /// <summary>History (list of JSON events).</summary>
    public string Events(string id) => ApprovalPrefix + id + ":events";
}
