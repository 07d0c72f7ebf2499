namespace ReliabilityMcp.Core.Remediation;

/// <summary>Result of claiming an idempotency key.</summary>
/// <param name="Claimed">True when this call owns the key (first use).</param>
/// <param name="ExistingDigest">When not claimed: the parameters digest stored with the key.</param>
/// <param name="ExistingResult">When not claimed: the first call's result, or null while it is still running.</param>
/// <param name="ExecutionId">When not claimed: the execution the first call started, if it got that far (the key is then never released).</param>
/// <param name="ProvisionalResult">With <paramref name="ExecutionId"/>: the first call's answer without its execution report, stored before the executor ran.</param>
public sealed record IdempotencyClaim(bool Claimed, string? ExistingDigest, string? ExistingResult, string? ExecutionId = null, string? ProvisionalResult = null);
