using ReliabilityMcp.Core.Audit;

namespace ReliabilityMcp.Server.Audit;

/// <summary>A page of the audit trail.</summary>
/// <param name="Total">Entries in the chain.</param>
/// <param name="From">Sequence of the first entry on this page.</param>
/// <param name="Entries">The entries, oldest first.</param>
/// <param name="Next">Sequence to ask for next, or null at the end.</param>
public sealed record AuditPage(long Total, long From, IReadOnlyList<AuditEntry> Entries, long? Next)
{
    /// <summary>Largest page served.</summary>
    public const int MaxCount = 1000;

    /// <summary>Reads a page, validating the range.</summary>
    public static async Task<AuditPage> ReadAsync(IAuditTrail audit, long from, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (from < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from, "'from' is a 1-based sequence number: use 1 or more.");
        }

        if (count is < 1 or > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"'count' must be between 1 and {MaxCount}.");
        }

        var total = await audit.CountAsync(cancellationToken).ConfigureAwait(false);
        var entries = from > total ? [] : await audit.ReadAsync(from, count, cancellationToken).ConfigureAwait(false);
        var next = from + entries.Count;
        return new AuditPage(total, from, entries, next <= total ? next : null);
    }
}
