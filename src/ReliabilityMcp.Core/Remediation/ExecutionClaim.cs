namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// What claiming an execution id writes, in one atomic step: the claim itself (kept for the retention, so the id never
/// runs twice), the execution record in its <c>running</c> form, a lease held by <paramref name="Owner"/> until
/// <paramref name="LeaseUntil"/> (renewed while the executor runs; a lapsed lease is settled by any replica), and,
/// when the request carried one, the binding of its idempotency key to this execution.
/// </summary>
/// <param name="ExecutionId">The id to claim.</param>
/// <param name="RunningJson">The execution record while it runs.</param>
/// <param name="Retention">How long the claim and the record are kept.</param>
/// <param name="LeaseUntil">When the lease lapses unless renewed.</param>
/// <param name="Owner">The lease holder (one per replica and run).</param>
/// <param name="Binding">The idempotency key to bind, if any.</param>
public sealed record ExecutionClaim(string ExecutionId, string RunningJson, TimeSpan Retention, DateTimeOffset LeaseUntil, string Owner, IdempotencyBinding? Binding);

/// <summary>An idempotency key bound to the execution it started: from then on the key is never released.</summary>
/// <param name="Principal">The caller the key belongs to.</param>
/// <param name="Key">The key.</param>
/// <param name="ClaimToken">The token the key was claimed with; the binding fails if another call holds the key now.</param>
/// <param name="ProvisionalResultJson">The answer without its execution report, for a retry that arrives before the report.</param>
/// <param name="Retention">How long the key is kept.</param>
public sealed record IdempotencyBinding(string Principal, string Key, string ClaimToken, string ProvisionalResultJson, TimeSpan Retention);

/// <summary>Outcome of <see cref="IRemediationStore.TryClaimExecutionAsync"/>.</summary>
public enum ExecutionClaimOutcome
{
    /// <summary>This caller owns the execution: run it.</summary>
    Claimed,

    /// <summary>The id was claimed before: it runs only once.</summary>
    AlreadyClaimed,

    /// <summary>The idempotency key is no longer held by this call (its claim lapsed and a retry took it): do not run.</summary>
    KeyTakenOver,
}
