namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// Remediation state shared by replicas: idempotency keys (kept at least 24 h), execution claims (one run per
/// execution id, whichever replica or retry gets there first) and execution records for the operator API.
/// </summary>
public interface IRemediationStore
{
    /// <summary>Claims <paramref name="key"/> for <paramref name="principal"/> with <paramref name="digest"/>, or returns what the key already holds.</summary>
    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string principal, string key, string digest, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Stores the first result under a claimed key.</summary>
    Task CompleteIdempotencyKeyAsync(string principal, string key, string resultJson, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Frees a claimed key whose call failed before anything ran, so a retry can proceed.</summary>
    Task ReleaseIdempotencyKeyAsync(string principal, string key, CancellationToken cancellationToken);

    /// <summary>Atomically claims an execution id; true for exactly one caller.</summary>
    Task<bool> TryClaimExecutionAsync(string executionId, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Stores an execution's result document.</summary>
    Task SaveExecutionAsync(string executionId, string json, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>An execution's result document, or null.</summary>
    Task<string?> GetExecutionAsync(string executionId, CancellationToken cancellationToken);
}
