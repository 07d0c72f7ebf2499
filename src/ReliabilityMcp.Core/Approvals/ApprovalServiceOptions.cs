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
}
