using System.Security.Cryptography;
using System.Text.Json;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>
/// The learning loop: validate, embed and store incidents and outcomes; find similar incidents and summarise what
/// worked for them. Transport-free: the MCP tools, the seed command and the benchmarks all go through it.
/// </summary>
public sealed class IncidentMemory(IIncidentStore store, IncidentVectorizer vectorizer, TimeProvider time)
{
    private static readonly JsonSerializerOptions DigestOptions = new(JsonSerializerDefaults.Web);
    private volatile bool _indexChecked;

    /// <summary>The vectorizer (its descriptor is what the index records).</summary>
    public IncidentVectorizer Vectorizer => vectorizer;

    /// <summary>Checks (once per process, until it succeeds) that the store's index was built by this vectorizer.</summary>
    /// <exception cref="IncidentIndexMismatchException">It was not.</exception>
    public async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (!_indexChecked)
        {
            await store.EnsureIndexAsync(vectorizer.Descriptor, cancellationToken).ConfigureAwait(false);
            _indexChecked = true;
        }
    }

    /// <summary>Validates, embeds and stores an incident whose start the caller gave.</summary>
    /// <exception cref="IncidentValidationException">A field is invalid.</exception>
    public Task<RecordIncidentResult> RecordIncidentAsync(NewIncident incident, string principal, string? idempotencyKey, CancellationToken cancellationToken) =>
        RecordIncidentAsync(incident, principal, idempotencyKey, startedAtDefaulted: false, cancellationToken);

    /// <summary>Validates, embeds and stores an incident.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="principal">Who records it.</param>
    /// <param name="idempotencyKey">Optional client key: the same key and content return the same id; scoped to <paramref name="principal"/>.</param>
    /// <param name="startedAtDefaulted">
    /// True when the caller gave no start and <see cref="NewIncident.StartedAt"/> is the server's "now": it is then left out of
    /// the content an idempotency key pins, so an identical retry is a replay, not "different content" (issue 18, item 4).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="IncidentValidationException">A field is invalid.</exception>
    public async Task<RecordIncidentResult> RecordIncidentAsync(
        NewIncident incident, string principal, string? idempotencyKey, bool startedAtDefaulted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentException.ThrowIfNullOrEmpty(principal);
        var now = time.GetUtcNow();
        var errors = IncidentValidator.Validate(incident, now);
        if (errors.Count > 0)
        {
            throw new IncidentValidationException(errors);
        }

        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200 || idempotencyKey.Any(char.IsControl)))
        {
            throw new IncidentValidationException("idempotency_key: must be 1-200 characters without control characters, e.g. \"pagerduty-PD12345\".");
        }

        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var scopedKey = idempotencyKey is null ? null : $"{principal}\n{idempotencyKey}";
        var id = scopedKey is null ? IncidentIds.NewIncidentId() : IncidentIds.FromIdempotencyKey(scopedKey);
        var vector = await vectorizer.VectorizeAsync(incident, cancellationToken).ConfigureAwait(false);
        return await store.RecordIncidentAsync(new Incident(id, incident, now, principal), vector, scopedKey,
            Digest(startedAtDefaulted ? incident with { StartedAt = default } : incident), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Validates and stores an outcome, linked to its incident.</summary>
    /// <exception cref="IncidentValidationException">A field is invalid or the incident does not exist.</exception>
    public async Task<IncidentOutcome> RecordOutcomeAsync(NewOutcome outcome, string principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrEmpty(principal);
        var errors = IncidentValidator.Validate(outcome);
        if (errors.Count > 0)
        {
            throw new IncidentValidationException(errors);
        }

        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var recorded = new IncidentOutcome(IncidentIds.NewOutcomeId(), outcome, time.GetUtcNow(), principal);
        return await store.RecordOutcomeAsync(recorded, cancellationToken).ConfigureAwait(false)
            ? recorded
            : throw new IncidentValidationException($"incident_id: no incident \"{outcome.IncidentId}\" exists; record it first with record_incident.");
    }

    /// <summary>Finds the incidents most similar to <paramref name="query"/> and what worked for them.</summary>
    /// <exception cref="IncidentValidationException">A field is invalid.</exception>
    public async Task<FindSimilarResult> FindSimilarAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = IncidentValidator.Validate(query);
        if (errors.Count > 0)
        {
            throw new IncidentValidationException(errors);
        }

        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var vector = await vectorizer.VectorizeAsync(query, cancellationToken).ConfigureAwait(false);
        var found = await store.SearchAsync(vector, new IncidentSearchFilter(query.Service, query.Severity, query.Since), query.K, cancellationToken)
            .ConfigureAwait(false);
        return new FindSimilarResult(found, EffectiveActionsCalculator.Compute(found));
    }

    /// <summary>SHA-256 (hex) of the content as the caller sent it, to tell an idempotent retry from a reused key.</summary>
    internal static string Digest(NewIncident incident) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(incident, DigestOptions)));
}
