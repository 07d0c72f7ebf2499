namespace ReliabilityMcp.Core.Remediation;

/// <summary>Result of claiming an idempotency key.</summary>
/// <param name="Claimed">True when this call owns the key (first use).</param>
/// <param name="ExistingDigest">When not claimed: the parameters digest stored with the key.</param>
/// <param name="ExistingResult">When not claimed: the first call's result, or null while it is still running.</param>
public sealed record IdempotencyClaim(bool Claimed, string? ExistingDigest, string? ExistingResult);
