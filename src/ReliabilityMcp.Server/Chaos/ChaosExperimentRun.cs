using System.Globalization;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>
/// One experiment, start to end: steady state → inject → watch (probe rounds, abort conditions, lease renewal) →
/// remove → recovery → score. Every step is persisted, put on the timeline and audited. Faults are always placed
/// with the run's duration as their expiry, so whatever happens to this process they end on their own.
/// </summary>
internal sealed partial class ChaosExperimentRun(
    ChaosRunner.Dependencies deps, ChaosRunRequest request, ChaosExperiment created, string owner, IProgress<string>? progress, Action release)
{
    private readonly List<ProbeSample> _samples = [];
    private readonly TaskCompletionSource<ChaosExperiment> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChaosExperiment _experiment = created;
    private SloSignal? _sloBefore;

    /// <summary>Completes once faults are in, or the run ended before injecting (steady state failed, injection failed).</summary>
    public Task<ChaosExperiment> Started => _started.Task;

    private TimeProvider Time => deps.Time;

    private ChaosTemplate Template => request.Template;

    private bool ControlPlane => Template.Target == ChaosTargetKinds.ControlPlaneStore;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await RunCoreAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await CleanUpAsync().ConfigureAwait(false);
            await FinishAsync(ChaosExperimentStatus.Interrupted, "the server stopped during the run; faults were removed (or end by their own expiry)", scored: _experiment.InjectedAt is not null).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogRunFailed(deps.Logger, _experiment.Id, ex.Message);
            await CleanUpAsync().ConfigureAwait(false);
            await FinishAsync(ChaosExperimentStatus.Failed, $"the run failed: {ex.Message}", scored: false).ConfigureAwait(false);
        }
        finally
        {
            _started.TrySetResult(_experiment);
        }
    }

    private async Task RunCoreAsync(CancellationToken ct)
    {
        var config = deps.Configuration.Current.Chaos;
        var watch = TimeSpan.FromSeconds(config.WatchIntervalSeconds);
        var probeInterval = TimeSpan.FromMilliseconds(Math.Min(deps.Options.ProbeIntervalMilliseconds, watch.TotalMilliseconds));
        await StepAsync("accepted", $"{request.TemplateName} on {request.Target} for {request.DurationSeconds} s requested by {request.Principal}"
            + (request.ApprovalId is null ? "" : $", approved by {string.Join(", ", request.Approvers ?? [])}"), ct).ConfigureAwait(false);

        // 1. Steady state: if it does not hold, nothing is injected.
        _sloBefore = await SloAsync(ct).ConfigureAwait(false);
        for (var round = 0; round < Template.SteadyState.Samples; round++)
        {
            if (round > 0)
            {
                await Task.Delay(probeInterval, Time, ct).ConfigureAwait(false);
            }

            await ProbeRoundAsync(ChaosPhase.SteadyState, round, ct).ConfigureAwait(false);
        }

        var steady = _samples.Where(s => s.Phase == ChaosPhase.SteadyState).ToList();
        var ratio = steady.Count == 0 ? 0 : (double)steady.Count(s => s.Success) / steady.Count;
        string? steadyProblem = ratio < Template.SteadyState.MinSuccessRatio
            ? $"probe success {F(ratio)} is below the required {F(Template.SteadyState.MinSuccessRatio)} ({string.Join("; ", steady.Where(s => !s.Success).Select(s => $"{s.Probe}: {s.Error}").Distinct().Take(3))})"
            : Template.SteadyState.MaxBurnRate is { } maxBurn && _sloBefore is { } slo && slo.BurnRate5m > maxBurn
                ? $"the 5-minute burn rate {F(slo.BurnRate5m)} of {slo.Slo} is above {F(maxBurn)}"
                : null;
        _experiment = _experiment with
        {
            SteadyStateOk = steadyProblem is null,
            SteadyStateDetail = steadyProblem ?? $"{steady.Count(s => s.Success)} of {steady.Count} probe samples succeeded",
            Samples = [.. _samples],
        };
        await StepAsync("steady_state", _experiment.SteadyStateDetail!, ct).ConfigureAwait(false);
        if (steadyProblem is not null)
        {
            await FinishAsync(ChaosExperimentStatus.SteadyStateFailed, $"steady state did not hold: {steadyProblem}; nothing was injected", scored: false).ConfigureAwait(false);
            return;
        }

        // 2. Inject, with the run's duration as every fault's own expiry (the dead man's switch).
        var duration = TimeSpan.FromSeconds(request.DurationSeconds);
        // The watch ends at placement start + duration: no fault placed after this moment expires before it, so
        // every "during" sample is taken while all faults are in.
        var end = Time.GetUtcNow() + duration;
        var faults = new List<InjectedFault>();
        try
        {
            foreach (var fault in Template.Faults)
            {
                foreach (var service in FaultTargets(fault))
                {
                    faults.Add(await InjectAsync(service, fault, duration, ct).ConfigureAwait(false));
                }
            }
        }
        catch (ChaosTargetException ex)
        {
            _experiment = _experiment with { Faults = faults };
            await CleanUpAsync().ConfigureAwait(false);
            await FinishAsync(ChaosExperimentStatus.Failed, $"injection failed: {ex.Message}; the faults already placed were removed", scored: false).ConfigureAwait(false);
            return;
        }

        var injectedAt = Time.GetUtcNow();
        _experiment = _experiment with { Status = ChaosExperimentStatus.Injecting, InjectedAt = injectedAt, Faults = faults };
        await StepAsync("injected", $"{faults.Count} fault(s) in force until {end:O}: {string.Join(", ", faults.Select(f => $"{ChaosScoring.TypeName(f.Type)} on {f.Target}"))}", ct).ConfigureAwait(false);
        _started.TrySetResult(_experiment);

        // 3. Watch: probe rounds; abort conditions after each round (a round is never longer than the watch interval).
        // No probe round starts in the last stretch (a tenth of the run, at most a second): a probe landing on a
        // target just as its fault expires would be counted as surviving a fault that was no longer there.
        var watchEnd = end - Min(TimeSpan.FromSeconds(1), duration / 10);
        var nextSlo = injectedAt;
        double? burn = null;
        string? abortReason = null;
        for (var round = 0; Time.GetUtcNow() < watchEnd; round++)
        {
            await ProbeRoundAsync(ChaosPhase.During, round, ct).ConfigureAwait(false);
            if (Time.GetUtcNow() >= nextSlo)
            {
                burn = (await SloAsync(ct).ConfigureAwait(false))?.BurnRate5m;
                nextSlo = Time.GetUtcNow() + watch;
                if (!await deps.Store.RenewLeaseAsync(_experiment.Id, owner, TimeSpan.FromSeconds(deps.Options.LeaseSeconds), ct).ConfigureAwait(false))
                {
                    LogLeaseLost(deps.Logger, _experiment.Id);
                }
            }

            abortReason = ChaosScoring.CheckAbort(Template.Abort, [.. _samples.Where(s => s.Phase == ChaosPhase.During)], burn);
            if (abortReason is not null)
            {
                break;
            }

            var wait = Min(probeInterval, end - Time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, Time, ct).ConfigureAwait(false);
            }
        }

        // 4. Remove: on abort always; at the end unless the strategy is on_deviation (then they run out their expiry, now).
        if (abortReason is not null)
        {
            await StepAsync("abort", $"abort condition held: {abortReason}", ct).ConfigureAwait(false);
        }

        if (abortReason is not null || Template.Rollback == ChaosRollback.Always)
        {
            await CleanUpAsync().ConfigureAwait(false);
        }
        else
        {
            _experiment = _experiment with { FaultsRemovedAt = Time.GetUtcNow() };
            await StepAsync("expired", "rollback on_deviation: no deviation, the faults ended by their own expiry", ct).ConfigureAwait(false);
        }

        _experiment = _experiment with { Status = ChaosExperimentStatus.Recovering, Aborted = abortReason is not null, Reason = abortReason, Samples = [.. _samples] };
        await deps.Store.SaveAsync(_experiment, ct).ConfigureAwait(false);

        // 5. Recovery: rounds until one fully succeeds, within the recovery timeout.
        var recoveryEnd = Time.GetUtcNow() + TimeSpan.FromSeconds(deps.Configuration.Current.Chaos.RecoveryTimeoutSeconds);
        var recovered = false;
        for (var round = 0; !recovered && Time.GetUtcNow() < recoveryEnd; round++)
        {
            if (round > 0)
            {
                await Task.Delay(probeInterval, Time, ct).ConfigureAwait(false);
            }

            var before = _samples.Count;
            await ProbeRoundAsync(ChaosPhase.Recovery, round, ct).ConfigureAwait(false);
            recovered = _samples.Skip(before).All(s => s.Success);
        }

        await StepAsync(recovered ? "recovered" : "not_recovered", recovered
            ? $"every probe succeeded {(Time.GetUtcNow() - _experiment.FaultsRemovedAt!.Value).TotalSeconds:0.###} s after the faults were removed"
            : $"the target did not recover within {deps.Configuration.Current.Chaos.RecoveryTimeoutSeconds} s", ct).ConfigureAwait(false);
        await FinishAsync(abortReason is null ? ChaosExperimentStatus.Completed : ChaosExperimentStatus.Aborted, abortReason, scored: true).ConfigureAwait(false);
    }

    private IEnumerable<string> FaultTargets(ChaosFault fault)
    {
        if (ControlPlane)
        {
            return [ChaosTargetKinds.ControlPlaneTargetName];
        }

        return ChaosFaultPlacement.ServicesOf(fault, request.Target, deps.Configuration.Guard.Graph);
    }

    private async Task<InjectedFault> InjectAsync(string service, ChaosFault fault, TimeSpan duration, CancellationToken ct)
    {
        if (ControlPlane)
        {
            var placed = deps.StoreFaults.Add(fault.Type == ChaosFaultType.Outage, fault.LatencyMs, fault.JitterMs, fault.Rate, duration);
            return new InjectedFault(service, placed.Id, fault.Type, placed.ExpiresAt);
        }

        var endpoint = deps.Configuration.Current.Chaos.Targets.GetValueOrDefault(service)
            ?? throw new ChaosTargetException($"{service} has no chaos endpoint under chaos.targets");
        var (id, expiresAt) = await deps.Control.AddFaultAsync(service, endpoint, fault, duration, ct).ConfigureAwait(false);
        return new InjectedFault(service, id, fault.Type, expiresAt);
    }

    /// <summary>Removes every fault placed (best effort, never cancelled by shutdown: cleaning up is the point).</summary>
    private async Task CleanUpAsync()
    {
        if (_experiment.Faults.Count == 0)
        {
            return;
        }

        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(deps.Options.RequestTimeoutMilliseconds * 2));
        var problems = new List<string>();
        foreach (var fault in _experiment.Faults)
        {
            try
            {
                if (fault.Target == ChaosTargetKinds.ControlPlaneTargetName)
                {
                    deps.StoreFaults.Remove(fault.FaultId);
                }
                else if (deps.Configuration.Current.Chaos.Targets.GetValueOrDefault(fault.Target) is { } endpoint)
                {
                    await deps.Control.RemoveFaultAsync(fault.Target, endpoint, fault.FaultId, budget.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is ChaosTargetException or OperationCanceledException)
            {
                problems.Add($"{fault.Target}/{fault.FaultId}: {ex.Message} (it ends by itself at {fault.ExpiresAt:O})");
            }
        }

        _experiment = _experiment with { FaultsRemovedAt = Time.GetUtcNow() };
        await StepAsync("removed", problems.Count == 0
            ? $"{_experiment.Faults.Count} fault(s) removed"
            : $"{_experiment.Faults.Count - problems.Count} of {_experiment.Faults.Count} fault(s) removed; {string.Join("; ", problems)}", CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ProbeRoundAsync(ChaosPhase phase, int round, CancellationToken ct)
    {
        foreach (var probe in Template.Probes)
        {
            var weight = phase == ChaosPhase.During ? ChaosScoring.ProbeWeight(Template, probe) : 0;
            var (ok, status, ms, error) = probe.Type == ChaosProbeType.Store
                ? await StoreProbeAsync(probe, ct).ConfigureAwait(false)
                : await deps.Control.ProbeAsync(ProbeUrl(probe), probe, ct).ConfigureAwait(false);
            _samples.Add(new ProbeSample(probe.Name, phase, round, Time.GetUtcNow(), ok, status, Math.Round(ms, 1), weight, error));
        }
    }

    private Uri ProbeUrl(ChaosProbe probe)
    {
        if (probe.Url is { } url)
        {
            return new Uri(url);
        }

        var endpoint = deps.Configuration.Current.Chaos.Targets.GetValueOrDefault(request.Target)
            ?? throw new ChaosTargetException($"{request.Target} has no chaos endpoint under chaos.targets");
        return new Uri(new Uri(endpoint.Url), probe.Path);
    }

    private async Task<(bool, int?, double, string?)> StoreProbeAsync(ChaosProbe probe, CancellationToken ct)
    {
        var started = Time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(probe.LatencyThresholdMs + deps.Options.RequestTimeoutMilliseconds));
        try
        {
            await deps.StoreConnection.PingAsync(timeout.Token).ConfigureAwait(false);
            var ms = Time.GetElapsedTime(started).TotalMilliseconds;
            return (ms <= probe.LatencyThresholdMs, null, ms, ms <= probe.LatencyThresholdMs ? null : $"{ms:0} ms over the {probe.LatencyThresholdMs} ms threshold");
        }
        catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (false, null, Time.GetElapsedTime(started).TotalMilliseconds, $"store: {ex.Message}");
        }
    }

    private async Task<SloSignal?> SloAsync(CancellationToken ct)
    {
        if (deps.Slo is null || ControlPlane)
        {
            return null;
        }

        try
        {
            return await deps.Slo.GetAsync(request.Target, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSloUnavailable(deps.Logger, request.Target, ex.Message);
            return null;
        }
    }

    private async Task FinishAsync(ChaosExperimentStatus status, string? reason, bool scored)
    {
        var after = scored ? await SloAsync(CancellationToken.None).ConfigureAwait(false) : null;
        var (consumed, note) = (deps.Slo, ControlPlane, _sloBefore, after) switch
        {
            (null, _, _, _) => ((double?)null, "no SLO engine on this server"),
            (_, true, _, _) => (null, "control-plane game day: the server's own store has no SLO"),
            (_, _, null, _) or (_, _, _, null) when !scored => (null, "nothing was injected"),
            (_, _, null, _) or (_, _, _, null) => (null, $"no SLO is defined for {request.Target}"),
            var (_, _, b, a) => (Math.Round(Math.Max(0, b!.BudgetRemainingFraction - a!.BudgetRemainingFraction), 6), $"from {b.Slo}: budget remaining {F(b.BudgetRemainingFraction)} before, {F(a.BudgetRemainingFraction)} after"),
        };
        _experiment = _experiment with
        {
            Status = status,
            Reason = reason,
            Aborted = status == ChaosExperimentStatus.Aborted,
            EndedAt = Time.GetUtcNow(),
            Samples = [.. _samples],
            Result = scored ? ChaosScoring.Score(_samples, _experiment.FaultsRemovedAt) : null,
            ErrorBudgetConsumed = consumed,
            ErrorBudgetNote = note,
        };
        var detail = status switch
        {
            ChaosExperimentStatus.Completed or ChaosExperimentStatus.Aborted =>
                $"{Name(status)}: resilience score {_experiment.Result?.ResilienceScore?.ToString("0.##", CultureInfo.InvariantCulture) ?? "n/a"}, recovery {_experiment.Result?.RecoverySeconds?.ToString("0.###", CultureInfo.InvariantCulture) ?? "not observed"} s" + (reason is null ? "" : $"; {reason}"),
            _ => $"{Name(status)}: {reason}",
        };
        // The target is free for the next run before anyone can see this one as finished.
        release();
        await StepAsync(Name(status), detail, CancellationToken.None).ConfigureAwait(false);

        LogFinished(deps.Logger, _experiment.Id, Name(status), _experiment.Result?.ResilienceScore);
    }

    /// <summary>Timeline + audit + progress for one step; the audit keeps a digest of the experiment id and the detail.</summary>
    private async Task StepAsync(string step, string detail, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        progress?.Report($"{step}: {detail}");
        // Timeline and audit before the record: whoever sees a status has its step on the timeline and in the audit.
        try
        {
            await deps.Store.AppendTimelineAsync(_experiment.Id, new ChaosTimelineEvent(now, step, detail), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException or StoreCommandException)
        {
            LogPersistFailed(deps.Logger, _experiment.Id, step, ex.Message);
        }

        try
        {
            await deps.Audit.AppendAsync(new AuditRecord(now, request.Principal, "run_chaos", $"chaos_{step}",
                AuditChain.Digest($"{_experiment.Id}\n{request.TemplateName}\n{request.Target}"), $"experiment {_experiment.Id}: {detail}"), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogAuditFailed(deps.Logger, _experiment.Id, step, ex.Message);
        }

        try
        {
            await deps.Store.SaveAsync(_experiment, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException or StoreCommandException)
        {
            // The run goes on (its faults must still be watched and removed); if the store stays away the lease
            // lapses and the record is marked interrupted by whichever replica sees it first.
            LogPersistFailed(deps.Logger, _experiment.Id, step, ex.Message);
        }
    }

    internal static string Name(ChaosExperimentStatus status) => status switch
    {
        ChaosExperimentStatus.SteadyStateCheck => "steady_state_check",
        ChaosExperimentStatus.Injecting => "injecting",
        ChaosExperimentStatus.Recovering => "recovering",
        ChaosExperimentStatus.Completed => "completed",
        ChaosExperimentStatus.Aborted => "aborted",
        ChaosExperimentStatus.SteadyStateFailed => "steady_state_failed",
        ChaosExperimentStatus.Failed => "failed",
        _ => "interrupted",
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 7101, EventName = "ChaosRunFailed", Level = LogLevel.Error, Message = "Chaos experiment {ExperimentId} failed: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, string experimentId, string reason);

    [LoggerMessage(EventId = 7102, EventName = "ChaosRunFinished", Level = LogLevel.Information, Message = "Chaos experiment {ExperimentId} {Status} (score {Score})")]
    private static partial void LogFinished(ILogger logger, string experimentId, string status, double? score);

    [LoggerMessage(EventId = 7103, EventName = "ChaosLeaseLost", Level = LogLevel.Warning, Message = "Chaos experiment {ExperimentId}: lease lost (another replica may have marked it interrupted)")]
    private static partial void LogLeaseLost(ILogger logger, string experimentId);

    [LoggerMessage(EventId = 7104, EventName = "ChaosSloUnavailable", Level = LogLevel.Warning, Message = "Chaos: SLO signal for {Service} unavailable: {Reason}")]
    private static partial void LogSloUnavailable(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 7106, EventName = "ChaosPersistFailed", Level = LogLevel.Error, Message = "Chaos experiment {ExperimentId}: step {Step} could not be persisted: {Reason}")]
    private static partial void LogPersistFailed(ILogger logger, string experimentId, string step, string reason);

    [LoggerMessage(EventId = 7105, EventName = "ChaosAuditFailed", Level = LogLevel.Error, Message = "Chaos experiment {ExperimentId}: step {Step} could not be audited: {Reason}")]
    private static partial void LogAuditFailed(ILogger logger, string experimentId, string step, string reason);
}
