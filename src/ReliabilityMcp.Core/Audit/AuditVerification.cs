namespace ReliabilityMcp.Core.Audit;

/// <summary>Result of walking the chain.</summary>
/// <param name="Valid">True when every link holds.</param>
/// <param name="EntriesChecked">Entries read.</param>
/// <param name="FirstBrokenSequence">Sequence of the first entry whose link or hash does not hold.</param>
/// <param name="Problem">What is wrong there.</param>
public sealed record AuditVerification(bool Valid, long EntriesChecked, long? FirstBrokenSequence, string? Problem);
