using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Remediation;

using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Runs one action for real: claim the execution id in the store (so a retry or another replica cannot run it
/// again), spend the guard counters atomically, probe health before, call the executor through its circuit
/// breaker, probe health after, and on a failed after-check run the recorded inverse. Every step is audited and
/// the report is stored for the operator API.
/// </summary>
internal sealed partial class RemediationRunner(
    IReliabilityConfigurationSource configuration,
    ExecutorCatalog executors,
    IGuardCounterStore counters,
    IRemediationStore store,
    IAuditTrail audit,
    CommandExecutor commands,
    WebhookExecutor webhooks,
    ProcessExecutor processes,
    ExecutorCircuitBreakers breakers,
    HealthProbe health,
    IOptions<RemediationOptions> options,
    TimeProvider time,
    ILogger<RemediationRunner> logger)
{
    /// <summary>The audited tool name.</summary>
    public const string Tool = "execute_remediation";

    // Each store write after the claim (report, audit entry) gets this long, whatever the caller does meanwhile.
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The executor configured for <paramref name="action"/>, and why it cannot run if so.</summary>
    public (string? Name, ExecutorDefinition? Definition, string? Problem) ResolveExecutor(ActionType action) => executors.Resolve(action);

    /// <summary>
    /// The exact invocations for <paramref name="phase"/> (argv per target, the webhook call, or the control API call per
    /// target); throws <see cref="ArgumentException"/> for a missing placeholder value.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Invocations(ExecutorDefinition definition, RemediationInvocation invocation, ExecutorPhase phase)
    {
        if (definition.Process is { } process)
        {
            return phase switch
            {
                ExecutorPhase.DryRun => [.. invocation.Targets.Select(t => ProcessExecutor.DryRunInvocation(process, t))],
                ExecutorPhase.Inverse => ProcessExecutor.InverseOf(process.Operation) is { } undo
                    ? [.. invocation.Targets.Select(t => ProcessExecutor.Invocation(process, undo, t, null))]
                    : [],
                _ => [.. invocation.Targets.Select(t => ProcessExecutor.Invocation(process, process.Operation, t, ProcessExecutor.ReplicasFor(process, process.Operation, invocation, t)))],
            };
        }

        if (definition.Command is { } command)
        {
            var template = phase switch
            {
                ExecutorPhase.DryRun => command.DryRunArgs,
                ExecutorPhase.Inverse => command.InverseArgs,
                _ => command.Args,
            };
            return template.Count == 0 ? [] : CommandExecutor.Plan(command, template, invocation);
        }

        return phase == ExecutorPhase.DryRun ? [] : [["POST", definition.Webhook!.Url, $"phase={(phase == ExecutorPhase.Inverse ? "inverse" : "execute")}"]];
    }

    /// <summary>The inverse as recorded before running: how the action would be undone.</summary>
    public static InverseReport RecordInverse(ActionDefinition action, ExecutorDefinition? definition, RemediationInvocation invocation)
    {
        if (!action.Reversible)
        {
            return new InverseReport(false, $"{invocation.Action.ToWireName()} is irreversible in the action catalogue: no automatic undo", []);
        }

        if (definition is null)
        {
            return new InverseReport(false, "no executor, so no inverse", []);
        }

        if (definition.Command is { InverseArgs.Count: 0 })
        {
            return new InverseReport(false, "the command executor has no inverse_args template: undo by hand", []);
        }

        if (definition.Process is { } process && ProcessExecutor.InverseOf(process.Operation) is not { } undo)
        {
            return new InverseReport(false, process.Operation == ProcessOperation.Scale
                ? "scale has no automatic inverse: the replica count before is in each step's output (replicasBefore); scale back with another request if needed"
                : "restart has no automatic inverse: a restarted process cannot be un-restarted; the pid before and after are in each step's output", []);
        }

        var invocations = Invocations(definition, invocation, ExecutorPhase.Inverse);
        return definition.Webhook is not null
            ? new InverseReport(true, "POST the same body with phase=inverse to the webhook, which undoes the action", invocations)
            : definition.Process is { } reversible
                ? new InverseReport(true, $"{ProcessExecutor.WireName(ProcessExecutor.InverseOf(reversible.Operation)!.Value)} each target through the AppHost control API", invocations)
                : new InverseReport(true, "run the command's inverse_args for each target", invocations);
    }

    /// <summary>
    /// Runs what <paramref name="invocation"/> describes, once. Never throws once the execution id is claimed: executor
    /// failures are in the report, and anything else after that point (the store lost, an unexpected error) gives the
    /// outcome <c>unknown</c> if the executor may have started. From the claim on, nothing depends on
    /// <paramref name="cancellationToken"/> (the caller may go away): every step has its own timeout, and the lease is
    /// renewed until the report is stored. <paramref name="binding"/> binds the request's idempotency key to this
    /// execution in the same atomic step as the claim.
    /// </summary>
    public async Task<ExecutionReport> RunAsync(
        GuardRequest request, RemediationInvocation invocation, bool autonomous, IdempotencyBinding? binding, CancellationToken cancellationToken)
    {
        var run = new Run(request, invocation, ResolveExecutor(request.Action), breakers, time);

        // The claim comes first: if it is lost, someone else is running (or ran) this execution.
        var lease = options.Value.ExecutionLease;
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        var claim = new ExecutionClaim(invocation.ExecutionId, JsonSerializer.Serialize(run.Report("running", null), McpJsonUtilities.DefaultOptions),
            TimeSpan.FromDays(options.Value.ExecutionRetentionDays), time.GetUtcNow() + lease, owner, binding);
        cancellationToken.ThrowIfCancellationRequested();
        switch (await store.TryClaimExecutionAsync(claim, CancellationToken.None).ConfigureAwait(false))
        {
            case ExecutionClaimOutcome.AlreadyClaimed:
                return run.Report("failed", $"execution {invocation.ExecutionId} was already claimed: it runs only once");
            case ExecutionClaimOutcome.KeyTakenOver:
                throw new McpException($"the idempotency key's claim lapsed before execution {invocation.ExecutionId} started and another call holds it now: " +
                    "nothing ran; retry the identical call to get that call's result.");
        }

        await using var renewal = ExecutionLease.Start(store, invocation.ExecutionId, owner, lease, time, logger);
        try
        {
            return await RunClaimedAsync(run, autonomous).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var outcome = run.ExecutorStarted ? "unknown" : "failed";
            var error = run.ExecutorStarted
                ? $"the executor was started but the run could not finish ({ex.Message}): the outcome is unknown; check the target before acting again"
                : $"not executed: {ex.Message}";
            return await FinishAsync(run.Report(outcome, error)).ConfigureAwait(false);
        }
    }

    private async Task<ExecutionReport> RunClaimedAsync(Run run, bool autonomous)
    {
        var (request, invocation) = (run.Request, run.Invocation);
        var actionDefinition = configuration.Current.ActionFor(request.Action);
        var (executorName, executor) = (run.ExecutorName, run.Executor);
        if (executor is null || run.Problem is not null)
        {
            return await FinishAsync(run.Report("failed", run.Problem ?? "no executor")).ConfigureAwait(false);
        }

        IReadOnlyList<IReadOnlyList<string>> plan;
        try
        {
            plan = Invocations(executor, invocation, ExecutorPhase.Execute);
            run.Inverse = RecordInverse(actionDefinition, executor, invocation);
        }
        catch (ArgumentException ex)
        {
            return await FinishAsync(run.Report("failed", ex.Message)).ConfigureAwait(false);
        }

        // Counters are spent only now that something will execute, atomically with their re-check.
        var scope = CounterScope.For(request, configuration.Guard, autonomous);
        var spend = await counters.TrySpendAsync(scope, invocation.ExecutionId, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        if (!spend.Spent)
        {
            return await FinishAsync(run.Report("failed", $"not executed: {spend.Refusal} has no room any more") with { SpendRefused = spend.AsFailedCheck() }).ConfigureAwait(false);
        }

        run.Spent = true;
        await AuditAsync(invocation, "execution_started", $"{invocation.ExecutionId}: {executorName} for {string.Join(", ", request.Targets)}").ConfigureAwait(false);
        // Committed to acting: the fail-closed deadline of the call no longer bounds the store writes that record it.
        StoreDeadline.End();
        // An alert changes nothing on its targets: there is no health to check before or after it (a page about a
        // broken service must not "fail" because the service is broken).
        IReadOnlyList<string> probed = request.Action == ActionType.AlertTeam ? [] : request.Targets;
        run.Before = await ProbeAsync(probed, "before", CancellationToken.None).ConfigureAwait(false);

        // From here the executor may have acted: a failure to finish is an unknown outcome, never "nothing ran".
        run.ExecutorStarted = true;
        var steps = run.Steps;
        if (executor.Webhook is { } webhook)
        {
            run.BreakerKey = $"{executorName}@{webhook.Url}";
            run.BreakerDefinition = webhook.CircuitBreaker;
            steps.Add(await breakers.ExecuteAsync(run.BreakerKey, run.BreakerDefinition,
                ct => webhooks.SendAsync(executorName!, webhook, invocation, ExecutorPhase.Execute, ct),
                reason => new StepReport("webhook", plan[0], false, Error: reason), CancellationToken.None).ConfigureAwait(false));
        }
        else if (executor.Process is { } process)
        {
            run.BreakerDefinition = process.CircuitBreaker;
            foreach (var target in request.Targets)
            {
                run.BreakerKey = $"{executorName}@{target}";
                var replicas = ProcessExecutor.ReplicasFor(process, process.Operation, invocation, target);
                var sent = ProcessExecutor.Invocation(process, process.Operation, target, replicas);
                var step = await breakers.ExecuteAsync(run.BreakerKey, run.BreakerDefinition,
                    ct => processes.RunAsync(executorName!, process, process.Operation, target, replicas, ct),
                    reason => new StepReport(ProcessExecutor.Kind, sent, false, Target: target, Error: reason), CancellationToken.None).ConfigureAwait(false);
                steps.Add(step);
                if (!step.Succeeded)
                {
                    break;
                }
            }
        }
        else
        {
            var command = executor.Command!;
            run.BreakerDefinition = command.CircuitBreaker;
            for (var i = 0; i < plan.Count; i++)
            {
                var target = request.Targets[i];
                run.BreakerKey = $"{executorName}@{target}";
                var argv = plan[i];
                var step = await breakers.ExecuteAsync(run.BreakerKey, run.BreakerDefinition,
                    ct => commands.RunAsync(argv, target, command, ct),
                    reason => new StepReport("command", argv, false, Target: target, Error: reason), CancellationToken.None).ConfigureAwait(false);
                steps.Add(step);
                if (!step.Succeeded)
                {
                    break;
                }
            }
        }

        if (!steps.TrueForAll(s => s.Succeeded))
        {
            var failure = steps.First(s => !s.Succeeded);
            await AuditAsync(invocation, "execution_failed", $"{invocation.ExecutionId}: {failure.Error}").ConfigureAwait(false);
            return await FinishAsync(run.Report("failed", $"the executor failed: {failure.Error}")).ConfigureAwait(false);
        }

        await AuditAsync(invocation, "executed", $"{invocation.ExecutionId}: {executorName} succeeded").ConfigureAwait(false);
        var after = await ProbeAsync(probed, "after", CancellationToken.None).ConfigureAwait(false);
        run.After = after;
        if (after.TrueForAll(c => c.Healthy))
        {
            if (after.Count > 0)
            {
                await AuditAsync(invocation, "after_check_passed", $"{invocation.ExecutionId}: {after.Count} target(s) healthy").ConfigureAwait(false);
            }

            return await FinishAsync(run.Report("completed", null)).ConfigureAwait(false);
        }

        var unhealthy = string.Join("; ", after.Where(c => !c.Healthy).Select(c => c.Detail));
        await AuditAsync(invocation, "after_check_failed", $"{invocation.ExecutionId}: {unhealthy}").ConfigureAwait(false);
        if (!run.Inverse.Available)
        {
            return await FinishAsync(run.Report("failed", $"the after-check failed ({unhealthy}) and there is no inverse to run: {run.Inverse.Description}")).ConfigureAwait(false);
        }

        var undo = await RunInverseAsync(executorName!, executor, invocation, CancellationToken.None).ConfigureAwait(false);
        var undone = undo.TrueForAll(s => s.Succeeded);
        run.Inverse = run.Inverse with { Ran = true, Succeeded = undone, Steps = undo };
        await AuditAsync(invocation, undone ? "inverse_ran" : "inverse_failed", $"{invocation.ExecutionId}: {run.Inverse.Description}").ConfigureAwait(false);
        return await FinishAsync(run.Report(undone ? "rolled_back" : "failed",
            undone ? $"the after-check failed ({unhealthy}); the inverse ran and undid the action"
                   : $"the after-check failed ({unhealthy}) and the inverse failed too: {undo.FirstOrDefault(s => !s.Succeeded)?.Error}")).ConfigureAwait(false);
    }

    /// <summary>Runs the dry-run template, or asks the AppHost about each target (what-if), without breaker or counters.</summary>
    public async Task<IReadOnlyList<StepReport>> DryRunAsync(string executorName, ExecutorDefinition executor, RemediationInvocation invocation, CancellationToken cancellationToken)
    {
        if (executor.Process is { } process)
        {
            var checks = new List<StepReport>();
            foreach (var target in invocation.Targets)
            {
                var replicas = ProcessExecutor.ReplicasFor(process, process.Operation, invocation, target);
                checks.Add(await processes.DryRunAsync(executorName, process, process.Operation, target, replicas, cancellationToken).ConfigureAwait(false));
            }

            return checks;
        }

        if (executor.Command is not { DryRunArgs.Count: > 0 } command)
        {
            return [];
        }

        var steps = new List<StepReport>();
        var plan = Invocations(executor, invocation, ExecutorPhase.DryRun);
        for (var i = 0; i < plan.Count; i++)
        {
            steps.Add(await commands.RunAsync(plan[i], invocation.Targets[i], command, cancellationToken).ConfigureAwait(false));
        }

        return steps;
    }

    private async Task<List<StepReport>> RunInverseAsync(string executorName, ExecutorDefinition executor, RemediationInvocation invocation, CancellationToken cancellationToken)
    {
        if (executor.Webhook is { } webhook)
        {
            return [await webhooks.SendAsync(executorName, webhook, invocation, ExecutorPhase.Inverse, cancellationToken).ConfigureAwait(false)];
        }

        if (executor.Process is { } process)
        {
            var undo = ProcessExecutor.InverseOf(process.Operation)!.Value;
            var undone = new List<StepReport>();
            foreach (var target in invocation.Targets)
            {
                undone.Add(await processes.RunAsync(executorName, process, undo, target, null, cancellationToken).ConfigureAwait(false));
            }

            return undone;
        }

        var steps = new List<StepReport>();
        var plan = Invocations(executor, invocation, ExecutorPhase.Inverse);
        for (var i = 0; i < plan.Count; i++)
        {
            steps.Add(await commands.RunAsync(plan[i], invocation.Targets[i], executor.Command!, cancellationToken).ConfigureAwait(false));
        }

        return steps;
    }

    private async Task<List<HealthCheckReport>> ProbeAsync(IReadOnlyList<string> targets, string phase, CancellationToken cancellationToken)
    {
        var services = configuration.Current.Services;
        var checks = targets
            .Where(t => services.GetValueOrDefault(t)?.HealthCheck is not null)
            .Select(t => health.CheckAsync(t, services[t].HealthCheck!, phase, cancellationToken));
        return [.. await Task.WhenAll(checks).ConfigureAwait(false)];
    }

    /// <summary>
    /// Stores the report (ending the lease) and audits a failure that had no step. Never throws: if the store is lost
    /// the lease lapses and a replica settles the execution; the caller still gets this report.
    /// </summary>
    private async Task<ExecutionReport> FinishAsync(ExecutionReport report)
    {
        if (report.Outcome != "completed")
        {
            LogExecutionFailed(logger, report.ExecutionId, report.Outcome, report.Error ?? "");
        }

        try
        {
            using var bound = new CancellationTokenSource(RecordTimeout);
            await store.SaveExecutionAsync(report.ExecutionId, JsonSerializer.Serialize(report, McpJsonUtilities.DefaultOptions), report.Outcome == "unknown",
                TimeSpan.FromDays(options.Value.ExecutionRetentionDays), leaseOwner: null, bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex) || ex is OperationCanceledException)
        {
            LogNotRecorded(logger, report.ExecutionId, "report", ex.Message);
        }

        if (report.Error is not null && report.Steps.Count == 0 || report.Outcome == "unknown")
        {
            await AuditAsync(report.ExecutionId, report.Requester, report.Action, report.Targets, report.Outcome == "unknown" ? "execution_outcome_unknown" : "execution_failed",
                $"{report.ExecutionId}: {report.Error}").ConfigureAwait(false);
        }

        return report;
    }

    private Task AuditAsync(RemediationInvocation invocation, string decision, string detail) =>
        AuditAsync(invocation.ExecutionId, invocation.Requester, invocation.Action.ToWireName(), invocation.Targets, decision, detail);

    /// <summary>
    /// Appends one entry with its own timeout. Before the executor starts a failure propagates (nothing ran, the call
    /// fails closed); after it, a lost entry is logged and the run goes on: the action happened and its report must
    /// still reach the caller.
    /// </summary>
    private async Task AuditAsync(string executionId, string principal, string action, IReadOnlyList<string> targets, string decision, string detail)
    {
        try
        {
            using var bound = new CancellationTokenSource(RecordTimeout);
            await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), principal, Tool, decision,
                AuditChain.Digest($"{executionId}\n{action}\n{string.Join(',', targets)}"), $"{action} on {string.Join(", ", targets)}: {detail}"), bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (decision != "execution_started" && (StoreFailure.Is(ex) || ex is OperationCanceledException))
        {
            LogNotRecorded(logger, executionId, $"audit entry {decision}", ex.Message);
        }
    }

    /// <summary>The progress of one claimed run, from which its report is made at any point.</summary>
    private sealed class Run(
        GuardRequest request, RemediationInvocation invocation, (string? Name, ExecutorDefinition? Definition, string? Problem) executor,
        ExecutorCircuitBreakers breakers, TimeProvider time)
    {
        private readonly (string? Name, ExecutorDefinition? Definition, string? Problem) _executor = executor;
        private readonly DateTimeOffset _started = time.GetUtcNow();

        public GuardRequest Request => request;

        public RemediationInvocation Invocation => invocation;

        public string? ExecutorName => _executor.Name;

        public ExecutorDefinition? Executor => _executor.Definition;

        public string? Problem => _executor.Problem;

        public InverseReport Inverse { get; set; } = new(false, "not recorded: nothing ran", []);

        public string BreakerKey { get; set; } = "";

        public CircuitBreakerDefinition BreakerDefinition { get; set; } = new();

        public List<StepReport> Steps { get; } = [];

        public IReadOnlyList<HealthCheckReport> Before { get; set; } = [];

        public IReadOnlyList<HealthCheckReport> After { get; set; } = [];

        public bool Spent { get; set; }

        public bool ExecutorStarted { get; set; }

        public ExecutionReport Report(string outcome, string? error) => new(
            invocation.ExecutionId, outcome, request.Action.ToWireName(), request.Targets, invocation.Requester, invocation.Approvers,
            [.. Steps], Before, After, Inverse, BreakerKey.Length == 0 ? "closed" : breakers.StateOf(BreakerKey, BreakerDefinition),
            Spent, _started, time.GetUtcNow(), invocation.ApprovalId, ExecutorName, error);
    }

    [LoggerMessage(EventId = 5104, EventName = "RemediationNotCompleted", Level = LogLevel.Warning,
        Message = "Remediation {ExecutionId} ended {Outcome}: {Reason}")]
    private static partial void LogExecutionFailed(ILogger logger, string executionId, string outcome, string reason);

    [LoggerMessage(EventId = 5120, EventName = "RemediationNotRecorded", Level = LogLevel.Warning,
        Message = "Remediation {ExecutionId}: the {What} could not be stored ({Reason}); the lease lapses and a replica settles the execution")]
    private static partial void LogNotRecorded(ILogger logger, string executionId, string what, string reason);
}
