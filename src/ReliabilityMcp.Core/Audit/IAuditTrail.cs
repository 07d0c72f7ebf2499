namespace ReliabilityMcp.Core.Audit;

/// <summary>The append-only, hash-chained audit trail shared by every replica.</summary>
public interface IAuditTrail
{
    /// <summary>Appends <paramref name="record"/> and returns it as linked into the chain.</summary>
    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="count"/> entries starting at <paramref name="fromSequence"/> (1-based).</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken);

    /// <summary>Number of entries in the chain.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Walks the whole chain and reports the first broken link.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
