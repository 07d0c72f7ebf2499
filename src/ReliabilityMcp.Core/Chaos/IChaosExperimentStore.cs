namespace ReliabilityMcp.Core.Chaos;

/// <summary>
/// Persisted experiments, shared by replicas. A running experiment is held by a lease its runner renews; when the
/// lease lapses (the runner's process died) any replica may claim it once and mark it interrupted.
/// </summary>
public interface IChaosExperimentStore
{
    /// <summary>Saves a new experiment as running under <paramref name="owner"/>'s lease.</summary>
    Task CreateAsync(ChaosExperiment experiment, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Overwrites the experiment's record; a terminal status also drops it from the running set.</summary>
    Task SaveAsync(ChaosExperiment experiment, CancellationToken cancellationToken);

    /// <summary>Appends a step to the experiment's timeline.</summary>
    Task AppendTimelineAsync(string id, ChaosTimelineEvent step, CancellationToken cancellationToken);

    /// <summary>The experiment, or null.</summary>
    Task<ChaosExperiment?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The experiment's timeline in order.</summary>
    Task<IReadOnlyList<ChaosTimelineEvent>> GetTimelineAsync(string id, CancellationToken cancellationToken);

    /// <summary>The most recent experiments, newest first.</summary>
    Task<IReadOnlyList<ChaosExperiment>> ListAsync(int count, CancellationToken cancellationToken);

    /// <summary>Extends the lease if <paramref name="owner"/> still holds it; false when it was lost.</summary>
    Task<bool> RenewLeaseAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of running experiments whose lease has lapsed, each removed from the running set atomically so exactly one
    /// caller gets it (and marks it interrupted).
    /// </summary>
    Task<IReadOnlyList<string>> ClaimOrphansAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lease for <paramref name="owner"/> again and puts the experiment back in the running set, in one step:
    /// for a run that is still alive although its lease lapsed (a slow store, a long steady-state check) and was
    /// claimed as an orphan, so that a later crash of its process is still noticed by another replica.
    /// </summary>
    Task ReacquireAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken);
}
