namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// Remediation state shared by replicas: idempotency keys (kept at least 24 h), execution claims (one run per
/// execution id, whichever replica or retry gets there first) with leases (so a run whose server died is found and
/// settled), and execution records for the operator API.
/// </summary>
public interface IRemediationStore
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="principal"/> with <paramref name="digest"/> and
    /// <paramref name="claimToken"/>, held for <paramref name="claimLease"/> until the call completes or binds it (so a
    /// call whose server died frees its key), or returns what the key already holds.
    /// </summary>
    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string principal, string key, string digest, string claimToken, TimeSpan claimLease, CancellationToken cancellationToken);

    /// <summary>Stores the result under a claimed key, kept for <paramref name="retention"/>.</summary>
    Task CompleteIdempotencyKeyAsync(string principal, string key, string resultJson, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>
    /// Frees a key claimed with <paramref name="claimToken"/> whose call failed before anything ran (or whose answer is
    /// no idempotent result), so a retry is decided afresh. A key bound to an execution is never freed (the executor may
    /// have run), nor one another call holds.
    /// </summary>
    Task ReleaseIdempotencyKeyAsync(string principal, string key, string claimToken, CancellationToken cancellationToken);

    /// <summary>Atomically claims an execution id, writes its running record and lease, and binds the idempotency key.</summary>
    Task<ExecutionClaimOutcome> TryClaimExecutionAsync(ExecutionClaim claim, CancellationToken cancellationToken);

    /// <summary>Extends the lease of <paramref name="executionId"/> if <paramref name="owner"/> still holds it.</summary>
    Task<bool> RenewExecutionLeaseAsync(string executionId, string owner, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Takes over (as <paramref name="owner"/>, until <paramref name="until"/>) up to <paramref name="max"/> executions
    /// whose lease lapsed by <paramref name="now"/>, and returns their ids: exactly one replica gets each.
    /// </summary>
    Task<IReadOnlyList<string>> TakeLapsedExecutionsAsync(DateTimeOffset now, DateTimeOffset until, string owner, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Stores an execution's result document and ends its lease. With <paramref name="leaseOwner"/> only if that owner
    /// still holds the lease (false otherwise: the run finished meanwhile). <paramref name="unresolved"/> lists it for
    /// operators (outcome unknown) or takes it off that list.
    /// </summary>
    Task<bool> SaveExecutionAsync(string executionId, string json, bool unresolved, TimeSpan retention, string? leaseOwner, CancellationToken cancellationToken);

    /// <summary>An execution's result document, or null.</summary>
    Task<string?> GetExecutionAsync(string executionId, CancellationToken cancellationToken);

    /// <summary>Execution documents whose outcome is unknown and not yet resolved by an operator, oldest first.</summary>
    Task<IReadOnlyList<string>> ListUnresolvedExecutionsAsync(int max, CancellationToken cancellationToken);
}
