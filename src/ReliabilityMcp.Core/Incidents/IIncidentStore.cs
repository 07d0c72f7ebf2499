namespace ReliabilityMcp.Core.Incidents;

/// <summary>Where incidents, their vectors and their outcomes live (the Redis-protocol store in production).</summary>
public interface IIncidentStore
{
    /// <summary>
    /// Creates the index record for <paramref name="descriptor"/>, or checks that the existing one matches it.
    /// </summary>
    /// <exception cref="IncidentIndexMismatchException">The index was built by another embedder or dimension.</exception>
    Task EnsureIndexAsync(IncidentIndexDescriptor descriptor, CancellationToken cancellationToken);

    /// <summary>Stores an incident and its vector; with an idempotency key, at most once per key.</summary>
    /// <param name="incident">The incident (its id is ignored when a key is given: the key decides the id).</param>
    /// <param name="vector">Its unit vector.</param>
    /// <param name="idempotencyKey">Client key, already scoped to the caller; null for none.</param>
    /// <param name="contentDigest">Digest of the submitted content, to tell a retry from a reuse of the key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<RecordIncidentResult> RecordIncidentAsync(
        Incident incident, float[] vector, string? idempotencyKey, string contentDigest, CancellationToken cancellationToken);

    /// <summary>Stores an outcome and links it both ways (incident -RESOLVED_BY-> outcome); false when the incident does not exist.</summary>
    Task<bool> RecordOutcomeAsync(IncidentOutcome outcome, CancellationToken cancellationToken);

    /// <summary>The <paramref name="k"/> incidents most similar to <paramref name="vector"/> that pass <paramref name="filter"/>, with their outcomes.</summary>
    Task<IReadOnlyList<SimilarIncident>> SearchAsync(float[] vector, IncidentSearchFilter filter, int k, CancellationToken cancellationToken);

    /// <summary>One incident, or null.</summary>
    Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken);

    /// <summary>The outcomes of an incident (RESOLVED_BY), oldest first.</summary>
    Task<IReadOnlyList<IncidentOutcome>> GetOutcomesAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>The incident an outcome resolves (the link read backwards), or null.</summary>
    Task<string?> GetIncidentIdOfOutcomeAsync(string outcomeId, CancellationToken cancellationToken);

    /// <summary>Number of indexed incidents.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);
}
