using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis.Chaos;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>
/// Runs experiments in the background (they outlive the tool call that started them) and, on every replica, looks
/// for experiments whose runner died (lease lapsed) and marks them interrupted: their faults have ended, or will
/// end, by their own expiry on the targets.
/// </summary>
public sealed partial class ChaosRunner : BackgroundService
{
    private readonly Dependencies _deps;
    private readonly ConcurrentDictionary<string, Task> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _servicesInUse = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Creates the runner.</summary>
    public ChaosRunner(Dependencies dependencies) => _deps = dependencies;

    /// <summary>This process's identity as a lease owner.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// Persists a new experiment and starts it in the background; returns once its faults are in or it ended without
    /// injecting (steady state failed, injection failed). <paramref name="progress"/> hears each step until then.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another experiment of this server is running on a service this one touches.</exception>
    public async Task<ChaosExperiment> StartAsync(ChaosRunRequest request, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = $"chx-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        // Every service the run touches, not only the one it names: a dependency outage on billing and a run named on
        // payments would otherwise fault payments at once, each scored as if alone.
        var touched = ChaosRequestBuilder.GuardTargets(request, _deps.Configuration.Guard);
        foreach (var service in touched)
        {
            if (!_servicesInUse.TryAdd(service, id))
            {
                var other = _servicesInUse.GetValueOrDefault(service);
                Release();
                throw new InvalidOperationException($"experiment {other} is already running on {service}; wait for it to end (get_chaos_experiment) before starting another.");
            }
        }

        try
        {
            var experiment = new ChaosExperiment
            {
                Id = id,
                Template = request.TemplateName,
                Target = request.Target,
                Principal = request.Principal,
                DurationSeconds = request.DurationSeconds,
                CreatedAt = _deps.Time.GetUtcNow(),
                ApprovalId = request.ApprovalId,
                ApprovedBy = request.Approvers ?? [],
            };
            await _deps.Store.CreateAsync(experiment, Owner, TimeSpan.FromSeconds(_deps.Options.LeaseSeconds), cancellationToken).ConfigureAwait(false);
            // Committed to acting: the run (and its background work) is not bounded by the call's fail-closed store deadline.
            StoreDeadline.End();
            var run = new ChaosExperimentRun(_deps, request, experiment, Owner, progress, Release);
            var task = Task.Run(() => RunAsync(run, Release), CancellationToken.None);
            _runs[id] = task;
            // Finished runs leave the table (a very fast run may finish before it was added).
            _ = task.ContinueWith(t => _runs.TryRemove(new KeyValuePair<string, Task>(id, t)), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return await run.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (!_runs.ContainsKey(id))
            {
                Release();
            }

            throw;
        }

        // Frees only what this run holds (a service claimed by another run keeps its claim).
        void Release()
        {
            foreach (var service in touched)
            {
                _servicesInUse.TryRemove(new KeyValuePair<string, string>(service, id));
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // A host torn down without a clean stop disposes first and stops after: the runs were cancelled then.
        }

        // Runs remove their faults and record "interrupted" on the way out.
        await Task.WhenAll(_runs.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_deps.Options.OrphanScanSeconds), _deps.Time);
        do
        {
            try
            {
                await MarkOrphansAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException or StoreCommandException)
            {
                LogOrphanScanFailed(_deps.Logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Marks every experiment whose lease lapsed as interrupted (each claimed by exactly one replica).</summary>
    internal async Task MarkOrphansAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await _deps.Store.ClaimOrphansAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_runs.TryGetValue(id, out var mine) && !mine.IsCompleted)
            {
                // Ours and alive: the lease lapsed only because the store or the run's probes were slow. Take it back
                // and return the run to the running set, so that if this process dies later another replica still
                // marks the run interrupted (before, it stayed "injecting" for good). The run records its own end.
                await _deps.Store.ReacquireAsync(id, Owner, TimeSpan.FromSeconds(_deps.Options.LeaseSeconds), cancellationToken).ConfigureAwait(false);
                LogLeaseReacquired(_deps.Logger, id);
                continue;
            }

            var experiment = await _deps.Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (experiment is null || experiment.IsTerminal)
            {
                continue;
            }

            var now = _deps.Time.GetUtcNow();
            var lastExpiry = experiment.Faults.Count == 0 ? (DateTimeOffset?)null : experiment.Faults.Max(f => f.ExpiresAt);
            var reason = lastExpiry is { } e
                ? $"the server running it stopped renewing its lease (it died); its {experiment.Faults.Count} fault(s) end by their own expiry, the last at {e:O}"
                : "the server running it stopped renewing its lease (it died) before any fault was placed";
            var interrupted = experiment with { Status = ChaosExperimentStatus.Interrupted, Reason = reason, EndedAt = now };
            await _deps.Store.AppendTimelineAsync(id, new ChaosTimelineEvent(now, "interrupted", reason), cancellationToken).ConfigureAwait(false);
            await _deps.Audit.AppendAsync(new AuditRecord(now, experiment.Principal, "run_chaos", "chaos_interrupted",
                AuditChain.Digest($"{id}\n{experiment.Template}\n{experiment.Target}"), $"experiment {id}: {reason}"), cancellationToken).ConfigureAwait(false);
            await _deps.Store.SaveAsync(interrupted, cancellationToken).ConfigureAwait(false);
            LogInterrupted(_deps.Logger, id, Owner);
        }
    }

    private async Task RunAsync(ChaosExperimentRun run, Action release)
    {
        try
        {
            await run.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            release();
        }
    }

    [LoggerMessage(EventId = 7113, EventName = "ChaosLeaseReacquired", Level = LogLevel.Warning,
        Message = "Chaos experiment {ExperimentId}: its lease lapsed while the run was alive (slow store or probes); taken back")]
    private static partial void LogLeaseReacquired(ILogger logger, string experimentId);

    [LoggerMessage(EventId = 7110, EventName = "ChaosOrphanInterrupted", Level = LogLevel.Warning, Message = "Chaos experiment {ExperimentId} marked interrupted by {Owner}: its runner's lease lapsed")]
    private static partial void LogInterrupted(ILogger logger, string experimentId, string owner);

    [LoggerMessage(EventId = 7111, EventName = "ChaosOrphanScanFailed", Level = LogLevel.Warning, Message = "Chaos: looking for interrupted experiments failed: {Reason}")]
    private static partial void LogOrphanScanFailed(ILogger logger, string reason);

    /// <summary>What a run needs. Persistence and audit use the raw store connection, not the faultable one, so a
    /// control-plane game day can still record itself while the store pipeline is "down" for everything else.</summary>
    public sealed class Dependencies(
        IChaosExperimentStore store,
        IAuditTrail audit,
        ChaosControlClient control,
        StoreFaultSwitch storeFaults,
        IStoreConnection storeConnection,
        IReliabilityConfigurationSource configuration,
        IOptions<ChaosRunnerOptions> options,
        TimeProvider time,
        ILogger<ChaosRunner> logger,
        ISloSignals? slo = null)
    {
        /// <summary>Experiment records (raw connection).</summary>
        public IChaosExperimentStore Store { get; } = store;

        /// <summary>Audit trail (raw connection).</summary>
        public IAuditTrail Audit { get; } = audit;

        /// <summary>The middleware client.</summary>
        public ChaosControlClient Control { get; } = control;

        /// <summary>Control-plane faults.</summary>
        public StoreFaultSwitch StoreFaults { get; } = storeFaults;

        /// <summary>The faultable store connection every tool uses (probed by store probes).</summary>
        public IStoreConnection StoreConnection { get; } = storeConnection;

        /// <summary>The configuration in force.</summary>
        public IReliabilityConfigurationSource Configuration { get; } = configuration;

        /// <summary>Runner settings.</summary>
        public ChaosRunnerOptions Options { get; } = options.Value;

        /// <summary>The clock.</summary>
        public TimeProvider Time { get; } = time;

        /// <summary>Logger.</summary>
        public ILogger Logger { get; } = logger;

        /// <summary>The SLO engine, when this server has one.</summary>
        public ISloSignals? Slo { get; } = slo;
    }
}
