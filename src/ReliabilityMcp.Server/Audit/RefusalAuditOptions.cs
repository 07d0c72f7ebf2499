using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Server.Audit;

/// <summary>How many refused calls are audited one by one (section <c>Audit:Refusals</c>); the rest are counted.</summary>
public sealed class RefusalAuditOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Audit:Refusals";

    /// <summary>Refusals of one caller (principal, or client address when unauthenticated) audited in a burst.</summary>
    /// <value>Default 20.</value>
    [Range(1, 10_000)]
    public int Burst { get; set; } = 20;

    /// <summary>Refusals of one caller audited per minute once the burst is spent; the others become one summary entry.</summary>
    /// <value>Default 6.</value>
    [Range(1, 60_000)]
    public int PerMinute { get; set; } = 6;

    /// <summary>Callers tracked at once; beyond this, new callers share one bucket, so a flood from many addresses is bounded too.</summary>
    /// <value>Default 10000.</value>
    [Range(1, 1_000_000)]
    public int MaxTrackedCallers { get; set; } = 10_000;
}
