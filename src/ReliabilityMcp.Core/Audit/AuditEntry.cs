namespace ReliabilityMcp.Core.Audit;

/// <summary>An entry in the hash-chained audit trail.</summary>
/// <param name="Sequence">Position in the chain, from 1.</param>
/// <param name="Record">What was audited.</param>
/// <param name="PreviousHash">Hash of the previous entry (<see cref="AuditChain.GenesisHash"/> for the first).</param>
/// <param name="Hash">SHA-256 over the sequence, the record and <paramref name="PreviousHash"/>.</param>
public sealed record AuditEntry(long Sequence, AuditRecord Record, string PreviousHash, string Hash);
