using System.Text;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// The one path every state-changing request takes: read counters (within a budget), decide, audit. If the
/// counters cannot be read in time the guard decides without them and fails closed; if the decision cannot be
/// audited it is turned into a denial, because an action with no audit entry must never run. With an
/// <see cref="ISloSignals"/> the targets' SLOs are read within the same budget for the SLO gate (unreadable: the
/// gate fails closed); an <see cref="IGuardDecisionObserver"/> is told every decision (the agents' own SLIs). With an
/// <see cref="IObservedTelemetry"/> a named policy is checked against the server's own telemetry of the targets, read
/// within the same budget (unreadable: the policy check fails closed). With an <see cref="IExecutorCatalog"/> an action
/// that no executor can run is denied (advisory mode: noted), so nothing is held for approval that could not run.
/// </summary>
public sealed class GuardService(
    IReliabilityConfigurationSource configuration,
    IGuardCounterStore counters,
    IAuditTrail audit,
    TimeProvider time,
    GuardServiceOptions? options = null,
    ISloSignals? sloSignals = null,
    IGuardDecisionObserver? observer = null,
    IObservedTelemetry? observedTelemetry = null,
    IExecutorCatalog? executors = null)
{
    private readonly GuardServiceOptions _options = options ?? new GuardServiceOptions();

    /// <summary>Decides <paramref name="request"/> for <paramref name="tool"/> and audits the decision.</summary>
    public Task<GuardResult> DecideAsync(string tool, GuardRequest request, CancellationToken cancellationToken) =>
        DecideCoreAsync(tool, request, observe: true, cancellationToken);

    /// <summary>
    /// Decides a request again (at approval time) and audits it, without counting it a second time in the agents' own
    /// SLIs: the request was counted when it was made.
    /// </summary>
    public Task<GuardResult> RecheckAsync(string tool, GuardRequest request, CancellationToken cancellationToken) =>
        DecideCoreAsync(tool, request, observe: false, cancellationToken);

    private async Task<GuardResult> DecideCoreAsync(string tool, GuardRequest request, bool observe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var guard = configuration.Guard;
        var now = time.GetUtcNow();
        var scope = CounterScope.For(request, guard, autonomous: false);
        GuardCounters? state;
        SloGateSignals? slo;
        ObservedTelemetry? observed;
        string? storeError = null;
        using (var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            budget.CancelAfter(_options.StoreBudget);
            var sloRead = ReadSloAsync(request, budget.Token);
            var observedRead = ReadObservedAsync(request, budget.Token);
            try
            {
                state = await counters.ReadAsync(scope, now, budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                state = null;
                storeError = ex is OperationCanceledException ? $"no answer within {_options.StoreBudget.TotalSeconds:0.#} s" : ex.Message;
            }

            slo = await sloRead.ConfigureAwait(false);
            observed = await observedRead.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var decision = guard.Decide(request, state, now, slo, observed, executors?.Check(request));
        if (observe && observer is not null)
        {
            await ObserveAsync(request, decision, now, cancellationToken).ConfigureAwait(false);
        }

        var record = new AuditRecord(now, request.Principal, tool, DecisionName(decision.Outcome), Digest(request),
            storeError is null ? decision.Summary : $"{decision.Summary} (store: {storeError})");
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(_options.StoreBudget);
            var entry = await audit.AppendAsync(record, budget.Token).ConfigureAwait(false);
            return new GuardResult(decision, entry.Sequence, storeError);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (decision.Outcome == GuardOutcome.Deny)
            {
                return new GuardResult(decision, null, storeError ?? $"audit unavailable: {ex.Message}");
            }

            var failClosed = decision with
            {
                Outcome = GuardOutcome.Deny,
                ApprovalsRequired = 0,
                Checks = [.. decision.Checks, new GuardCheck("audit", CheckStatus.Failed, "the decision could not be written to the audit trail (the store is unreachable), so nothing may change")],
            };
            return new GuardResult(failClosed, null, $"audit unavailable: {ex.Message}");
        }
    }

    private async Task<SloGateSignals?> ReadSloAsync(GuardRequest request, CancellationToken budget)
    {
        // The gate only changes autonomous executions and chaos: skip the reads (a dozen per target) otherwise,
        // so advisory and approval mode decisions cost what they did before.
        if (sloSignals is null
            || (request.Action != ActionType.ChaosExperiment && configuration.Guard.Configuration.Guard.OperatingModeOf(request.Principal) != OperatingMode.Autonomous))
        {
            return null;
        }

        var (byTarget, problem) = await ReadPerTargetAsync(request, sloSignals.GetAsync, budget).ConfigureAwait(false);
        return problem is null ? new SloGateSignals(byTarget) : SloGateSignals.Unavailable(problem);
    }

    private async Task<ObservedTelemetry?> ReadObservedAsync(GuardRequest request, CancellationToken budget)
    {
        // Only a named policy is checked against the server's telemetry.
        if (observedTelemetry is null || request.Policy is null)
        {
            return null;
        }

        var (byTarget, problem) = await ReadPerTargetAsync(request, observedTelemetry.GetAsync, budget).ConfigureAwait(false);
        return problem is null
            ? new ObservedTelemetry(byTarget.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!, StringComparer.Ordinal))
            : ObservedTelemetry.Unavailable(problem);
    }

    /// <summary>Reads each distinct target in parallel within <paramref name="budget"/>; any failure is the problem of the whole read.</summary>
    private async Task<(Dictionary<string, T> ByTarget, string? Problem)> ReadPerTargetAsync<T>(
        GuardRequest request, Func<string, CancellationToken, Task<T>> read, CancellationToken budget)
    {
        try
        {
            var reads = request.Targets.Distinct(StringComparer.Ordinal)
                .Select(async t => (Target: t, Value: await read(t, budget).ConfigureAwait(false)))
                .ToList();
            var values = await Task.WhenAll(reads).ConfigureAwait(false);
            return (values.ToDictionary(v => v.Target, v => v.Value, StringComparer.Ordinal), null);
        }
        catch (Exception ex)
        {
            // Includes the budget running out: the check then fails closed, the caller's own cancellation is checked after.
            return ([], ex is OperationCanceledException ? $"no answer within {_options.StoreBudget.TotalSeconds:0.#} s" : ex.Message);
        }
    }

    private async Task ObserveAsync(GuardRequest request, GuardDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.StoreBudget);
        try
        {
            await observer!.ObserveAsync(request, decision, now, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The agents' own SLIs are statistics: losing one count must never change or delay a decision.
        }
    }

    /// <summary>The wire name of an outcome, as audited.</summary>
    public static string DecisionName(GuardOutcome outcome) => outcome switch
    {
        GuardOutcome.Allow => "allow",
        GuardOutcome.NeedsApproval => "needs_approval",
        GuardOutcome.WhatIf => "what_if",
        _ => "deny",
    };

    /// <summary>SHA-256 over the request's canonical fields (the audit keeps the digest, not the free text).</summary>
    public static string Digest(GuardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sb = new StringBuilder();
        sb.Append(request.Principal).Append('\n').Append(request.Action.ToWireName()).Append('\n')
            .AppendJoin(',', request.Targets).Append('\n')
            .Append(request.Confidence.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append(request.Policy?.Name).Append('\n').Append(request.Justification);
        return AuditChain.Digest(sb.ToString());
    }
}
