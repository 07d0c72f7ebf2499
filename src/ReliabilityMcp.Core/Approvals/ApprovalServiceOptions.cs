namespace ReliabilityMcp.Core.Approvals;

/// <summary>Options of <see cref="ApprovalService"/> (host configuration section <c>Approvals</c>).</summary>
public sealed class ApprovalServiceOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Approvals";

    /// <summary>How long a request waits for approvers before it expires.</summary>
    /// <value>Default 15 minutes (DESIGN §4).</value>
    [System.ComponentModel.DataAnnotations.Range(1, 10_080)]
    public int ExpiryMinutes { get; set; } = 15;

    /// <summary>
    /// Pending approvals one principal may hold at once; a request over the cap is denied (check <c>pending_approvals</c>),
    /// so one agent cannot bury the approvers. An approval that leaves pending (approved, rejected, expired) frees its slot.
    /// </summary>
    /// <value>Default 20.</value>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int MaxPendingPerPrincipal { get; set; } = 20;
}
