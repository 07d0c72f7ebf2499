using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Remediation;

using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Runs one action for real: claim the execution id in the store (so a retry or another replica cannot run it
/// again), spend the guard counters atomically, probe health before, call the executor through its circuit
/// breaker, probe health after, and on a failed after-check run the recorded inverse. Every step is audited and
/// the report is stored for the operator API.
/// </summary>
internal sealed partial class RemediationRunner(
    IReliabilityConfigurationSource configuration,
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

    /// <summary>The executor configured for <paramref name="action"/>, and why it cannot run if so.</summary>
    public (string? Name, ExecutorDefinition? Definition, string? Problem) ResolveExecutor(ActionType action)
    {
        var config = configuration.Current;
        if (config.ActionFor(action).Executor is not { } name)
        {
            return (null, null, $"no executor is configured for {action.ToWireName()} (actions.{action.ToWireName()}.executor)");
        }

        if (!config.Executors.TryGetValue(name, out var definition))
        {
            return (name, null, $"executor '{name}' is not defined");
        }

        if (definition.Command is { } command && !options.Value.AllowedExecutables.Contains(command.Executable, StringComparer.Ordinal))
        {
            return (name, definition, $"{command.Executable} is not in the host's allow-list (Remediation:AllowedExecutables), so executor '{name}' may not run");
        }

        return (name, definition, null);
    }

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

    /// <summary>Runs what <paramref name="invocation"/> describes, once. Never throws for executor failures; they are in the report.</summary>
    public async Task<ExecutionReport> RunAsync(GuardRequest request, RemediationInvocation invocation, bool autonomous, CancellationToken cancellationToken)
    {
        var config = configuration.Current;
        var started = time.GetUtcNow();
        var actionDefinition = config.ActionFor(request.Action);
        var (executorName, executor, problem) = ResolveExecutor(request.Action);
        var inverse = new InverseReport(false, "not recorded: nothing ran", []);
        var breakerKey = "";
        CircuitBreakerDefinition breakerDefinition = new();

        ExecutionReport Report(string outcome, IReadOnlyList<StepReport> steps, IReadOnlyList<HealthCheckReport> before, IReadOnlyList<HealthCheckReport> after,
            bool spent, string? error) => new(
                invocation.ExecutionId, outcome, request.Action.ToWireName(), request.Targets, invocation.Requester, invocation.Approvers,
                steps, before, after, inverse, breakerKey.Length == 0 ? "closed" : breakers.StateOf(breakerKey, breakerDefinition),
                spent, started, time.GetUtcNow(), invocation.ApprovalId, executorName, error);

        // The claim comes first: if it is lost, someone else is running (or ran) this execution.
        var retention = TimeSpan.FromDays(options.Value.ExecutionRetentionDays);
        if (!await store.TryClaimExecutionAsync(invocation.ExecutionId, retention, cancellationToken).ConfigureAwait(false))
        {
            return Report("failed", [], [], [], false, $"execution {invocation.ExecutionId} was already claimed: it runs only once");
        }

        if (executor is null || problem is not null)
        {
            return await FinishAsync(Report("failed", [], [], [], false, problem ?? "no executor"), cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<IReadOnlyList<string>> plan;
        try
        {
            plan = Invocations(executor, invocation, ExecutorPhase.Execute);
            inverse = RecordInverse(actionDefinition, executor, invocation);
        }
        catch (ArgumentException ex)
        {
            return await FinishAsync(Report("failed", [], [], [], false, ex.Message), cancellationToken).ConfigureAwait(false);
        }

        // Counters are spent only now that something will execute, atomically with their re-check.
        var scope = CounterScope.For(request, configuration.Guard, autonomous);
        var spend = await counters.TrySpendAsync(scope, invocation.ExecutionId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!spend.Spent)
        {
            return await FinishAsync(Report("failed", [], [], [], false, $"not executed: {spend.Refusal} has no room any more"), cancellationToken).ConfigureAwait(false);
        }

        await AuditAsync(invocation, "execution_started", $"{invocation.ExecutionId}: {executorName} for {string.Join(", ", request.Targets)}", cancellationToken).ConfigureAwait(false);
        // Committed to acting: the fail-closed deadline of the call no longer bounds the store writes that record it.
        StoreDeadline.End();
        var before = await ProbeAsync(request.Targets, "before", cancellationToken).ConfigureAwait(false);

        List<StepReport> steps;
        if (executor.Webhook is { } webhook)
        {
            breakerKey = $"{executorName}@{webhook.Url}";
            breakerDefinition = webhook.CircuitBreaker;
            steps = [await breakers.ExecuteAsync(breakerKey, breakerDefinition,
                ct => webhooks.SendAsync(executorName!, webhook, invocation, ExecutorPhase.Execute, ct),
                reason => new StepReport("webhook", plan[0], false, Error: reason), CancellationToken.None).ConfigureAwait(false)];
        }
        else if (executor.Process is { } process)
        {
            breakerDefinition = process.CircuitBreaker;
            steps = [];
            foreach (var target in request.Targets)
            {
                breakerKey = $"{executorName}@{target}";
                var replicas = ProcessExecutor.ReplicasFor(process, process.Operation, invocation, target);
                var sent = ProcessExecutor.Invocation(process, process.Operation, target, replicas);
                var step = await breakers.ExecuteAsync(breakerKey, breakerDefinition,
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
            breakerDefinition = command.CircuitBreaker;
            steps = [];
            for (var i = 0; i < plan.Count; i++)
            {
                var target = request.Targets[i];
                breakerKey = $"{executorName}@{target}";
                var argv = plan[i];
                var step = await breakers.ExecuteAsync(breakerKey, breakerDefinition,
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
            await AuditAsync(invocation, "execution_failed", $"{invocation.ExecutionId}: {failure.Error}", cancellationToken).ConfigureAwait(false);
            return await FinishAsync(Report("failed", steps, before, [], true, $"the executor failed: {failure.Error}"), cancellationToken).ConfigureAwait(false);
        }

        await AuditAsync(invocation, "executed", $"{invocation.ExecutionId}: {executorName} succeeded", cancellationToken).ConfigureAwait(false);
        var after = await ProbeAsync(request.Targets, "after", cancellationToken).ConfigureAwait(false);
        if (after.TrueForAll(c => c.Healthy))
        {
            if (after.Count > 0)
            {
                await AuditAsync(invocation, "after_check_passed", $"{invocation.ExecutionId}: {after.Count} target(s) healthy", cancellationToken).ConfigureAwait(false);
            }

            return await FinishAsync(Report("completed", steps, before, after, true, null), cancellationToken).ConfigureAwait(false);
        }

        var unhealthy = string.Join("; ", after.Where(c => !c.Healthy).Select(c => c.Detail));
        await AuditAsync(invocation, "after_check_failed", $"{invocation.ExecutionId}: {unhealthy}", cancellationToken).ConfigureAwait(false);
        if (!inverse.Available)
        {
            return await FinishAsync(Report("failed", steps, before, after, true, $"the after-check failed ({unhealthy}) and there is no inverse to run: {inverse.Description}"), cancellationToken).ConfigureAwait(false);
        }

        var undo = await RunInverseAsync(executorName!, executor, invocation, cancellationToken).ConfigureAwait(false);
        var undone = undo.TrueForAll(s => s.Succeeded);
        inverse = inverse with { Ran = true, Succeeded = undone, Steps = undo };
        await AuditAsync(invocation, undone ? "inverse_ran" : "inverse_failed", $"{invocation.ExecutionId}: {inverse.Description}", cancellationToken).ConfigureAwait(false);
        return await FinishAsync(Report(undone ? "rolled_back" : "failed", steps, before, after, true,
            undone ? $"the after-check failed ({unhealthy}); the inverse ran and undid the action"
                   : $"the after-check failed ({unhealthy}) and the inverse failed too: {undo.FirstOrDefault(s => !s.Succeeded)?.Error}"), cancellationToken).ConfigureAwait(false);
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

    private async Task<ExecutionReport> FinishAsync(ExecutionReport report, CancellationToken cancellationToken)
    {
        await store.SaveExecutionAsync(report.ExecutionId, JsonSerializer.Serialize(report, McpJsonUtilities.DefaultOptions),
            TimeSpan.FromDays(options.Value.ExecutionRetentionDays), CancellationToken.None).ConfigureAwait(false);
        if (report.Outcome != "completed")
        {
            LogExecutionFailed(logger, report.ExecutionId, report.Outcome, report.Error ?? "");
        }

        if (report.Error is not null && report.Steps.Count == 0)
        {
            await AuditAsync(report.ExecutionId, report.Requester, report.Action, report.Targets, "execution_failed", $"{report.ExecutionId}: {report.Error}", cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    private Task AuditAsync(RemediationInvocation invocation, string decision, string detail, CancellationToken cancellationToken) =>
        AuditAsync(invocation.ExecutionId, invocation.Requester, invocation.Action.ToWireName(), invocation.Targets, decision, detail, cancellationToken);

    private Task AuditAsync(string executionId, string principal, string action, IReadOnlyList<string> targets, string decision, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(time.GetUtcNow(), principal, Tool, decision,
            AuditChain.Digest($"{executionId}\n{action}\n{string.Join(',', targets)}"), $"{action} on {string.Join(", ", targets)}: {detail}"), CancellationToken.None);

    [LoggerMessage(EventId = 5104, EventName = "RemediationNotCompleted", Level = LogLevel.Warning,
        Message = "Remediation {ExecutionId} ended {Outcome}: {Reason}")]
    private static partial void LogExecutionFailed(ILogger logger, string executionId, string outcome, string reason);
}
