using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// execute_remediation end to end: idempotency key first (same key and arguments → the first result, also while it
/// waits for approval), then the guard, then one of: denied, what-if plan, pending approval, or a real execution.
/// </summary>
internal sealed class RemediationService(
    GuardService guard,
    IApprovalService approvals,
    IRemediationStore store,
    RemediationRunner runner,
    IReliabilityConfigurationSource configuration,
    IOptions<RemediationOptions> options)
{
    /// <summary>Decides and, where allowed, runs <paramref name="command"/>.</summary>
    public async Task<ExecuteRemediationResult> ExecuteAsync(RemediationCommand command, CancellationToken cancellationToken)
    {
        var retention = TimeSpan.FromHours(options.Value.IdempotencyRetentionHours);
        Binding? binding = null;
        if (command.IdempotencyKey is { } key)
        {
            // Held only for a lease until the call answers or starts an execution, so a call whose server died frees its key.
            binding = new Binding(key, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
            var claim = await store.ClaimIdempotencyKeyAsync(command.Caller, key, command.Digest(), binding.ClaimToken, options.Value.ExecutionLease, cancellationToken)
                .ConfigureAwait(false);
            if (!claim.Claimed)
            {
                return await ReplayAsync(command, key, claim, retention, cancellationToken).ConfigureAwait(false);
            }
        }

        ExecuteRemediationResult result;
        try
        {
            result = await DecideAndRunAsync(command, binding, retention, cancellationToken).ConfigureAwait(false);
        }
        catch when (binding is not null)
        {
            // Nothing ran (the runner does not throw once it claimed the execution; a key bound to one is never freed):
            // free the key so the caller's retry is not stuck behind a call that never finished.
            await ReleaseAsync(command, binding).ConfigureAwait(false);
            throw;
        }

        if (binding is null)
        {
            return result;
        }

        if (result is { Status: "denied", StoreProblem: not null })
        {
            // A fail-closed denial because the store was slow or away says nothing about the request: the identical
            // retry, once the store is back, is decided afresh.
            await ReleaseAsync(command, binding).ConfigureAwait(false);
            return result;
        }

        var json = JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);
        if (result.Execution is null)
        {
            await store.CompleteIdempotencyKeyAsync(command.Caller, binding.Key, json, retention, CancellationToken.None).ConfigureAwait(false);
            return result;
        }

        try
        {
            // The action ran: its answer reaches the caller even if the store is lost now. A retry finds the report
            // through the key's binding to the execution.
            using var bound = new CancellationTokenSource(options.Value.ExecutionLease / 3);
            await store.CompleteIdempotencyKeyAsync(command.Caller, binding.Key, json, retention, bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex) || ex is OperationCanceledException)
        {
            // Logged by the runner's lease; the binding already answers retries.
        }

        return result;
    }

    private async Task<ExecuteRemediationResult> ReplayAsync(RemediationCommand command, string key, IdempotencyClaim claim, TimeSpan retention, CancellationToken cancellationToken)
    {
        if (claim.ExistingDigest != command.Digest())
        {
            throw new McpException($"idempotency_key \"{key}\" was already used with different arguments; reuse a key only to retry the identical request, or send a new key.");
        }

        var stored = claim.ExistingResult ?? claim.ProvisionalResult;
        if (stored is null)
        {
            throw new McpException($"the request with idempotency_key \"{key}\" is still being decided; retry the identical call in a few seconds to get its result " +
                $"(if the server deciding it stopped, the key is free again within {options.Value.ExecutionLeaseSeconds} s).");
        }

        var first = JsonSerializer.Deserialize<ExecuteRemediationResult>(stored, McpJsonUtilities.DefaultOptions)! with { IdempotentReplay = true };
        if (claim.ExecutionId is not { } executionId || first.Status != "executed")
        {
            // A call that lost the spend race after binding its key answered "denied": that answer stands.
            return first;
        }

        // The key started an execution: answer with its report as it stands now (settled as unknown, or resolved since).
        var report = await store.GetExecutionAsync(executionId, cancellationToken).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize<ExecutionReport>(json, McpJsonUtilities.DefaultOptions)
            : first.Execution;
        if (report is null || report.Outcome == "running")
        {
            throw new McpException($"the request with idempotency_key \"{key}\" is executing as {executionId}; it runs once. Retry the identical call in a few seconds " +
                $"to get its result (GET /api/executions/{executionId} shows it too); if its server stopped, it is settled within {options.Value.ExecutionLeaseSeconds} s.");
        }

        if (claim.ExistingResult is null)
        {
            // Its server stopped before storing the answer: store it now for the next retry.
            await store.CompleteIdempotencyKeyAsync(command.Caller, key, JsonSerializer.Serialize(first with { Execution = report, IdempotentReplay = false }, McpJsonUtilities.DefaultOptions),
                retention, cancellationToken).ConfigureAwait(false);
        }

        return first with { Execution = report };
    }

    private async Task ReleaseAsync(RemediationCommand command, Binding binding)
    {
        try
        {
            await store.ReleaseIdempotencyKeyAsync(command.Caller, binding.Key, binding.ClaimToken, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            // The store is away: the key's claim lapses by itself after a lease.
        }
    }

    private async Task<ExecuteRemediationResult> DecideAndRunAsync(RemediationCommand command, Binding? binding, TimeSpan retention, CancellationToken cancellationToken)
    {
        var request = new GuardRequest
        {
            Principal = command.Caller,
            Action = command.Action,
            Targets = command.Targets,
            Confidence = command.Confidence,
            Justification = command.Justification,
            Policy = command.Policy,
        };
        var decided = await guard.DecideAsync(RemediationRunner.Tool, request, cancellationToken).ConfigureAwait(false);
        var result = await ActAsync(command, request, decided, null, binding, retention, cancellationToken).ConfigureAwait(false);
        if (result.Execution?.SpendRefused is not { } lost)
        {
            return result;
        }

        // Another call took the last slot between the guard's read and the atomic spend, and nothing ran: decide again
        // with the counters as they are now, so the answer is the one this call would have had if it had come second.
        var again = await guard.RecheckAsync(RemediationRunner.Tool, request, cancellationToken).ConfigureAwait(false);
        return await ActAsync(command, request, again, lost, binding, retention, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Acts on the guard's decision. With <paramref name="lostRace"/> (a second decision after losing the spend) nothing
    /// runs: an allow becomes a denial naming the limit that was lost.
    /// </summary>
    private async Task<ExecuteRemediationResult> ActAsync(RemediationCommand command, GuardRequest request, GuardResult decided, GuardCheck? lostRace,
        Binding? binding, TimeSpan retention, CancellationToken cancellationToken)
    {
        var decision = decided.Decision;
        var result = new ExecuteRemediationResult("denied", command.Action.ToWireName(), command.Targets, decision.Risk.Risk, decision.BlastRadius,
            decision.OperatingMode, decision.Summary, decision.Checks, IdempotencyKey: command.IdempotencyKey, StoreProblem: decided.StoreProblem);
        switch (decision.Outcome)
        {
            case GuardOutcome.Deny:
                return result;
            case GuardOutcome.WhatIf when lostRace is null:
                return result with { Status = "what_if", Plan = await PlanAsync(command, decision, cancellationToken).ConfigureAwait(false) };
            case GuardOutcome.NeedsApproval:
                var summary = $"{command.Action.ToWireName()} of {string.Join(", ", command.Targets)} requested by {command.Caller} " +
                    $"(confidence {command.Confidence:0.##}, risk {decision.Risk.Risk.ToString().ToUpperInvariant()}) because: {command.Justification}";
                PendingApprovalInfo pending;
                try
                {
                    pending = await approvals.SubmitAsync(new ApprovalSubmission(RemediationApprovalHandler.KindName, request, decision,
                        JsonSerializer.Serialize(new RemediationPayload(command.Parameters), McpJsonUtilities.DefaultOptions), summary, command.IdempotencyKey),
                        cancellationToken).ConfigureAwait(false);
                }
                catch (PendingApprovalCapException capped)
                {
                    return DeniedBy(result, capped.Check);
                }

                return result with { Status = "pending_approval", Approval = new PendingApprovalReport(pending.ApprovalId, pending.ApproversNeeded, pending.ExpiresAt) };
            default:
                if (lostRace is not null)
                {
                    return DeniedBy(result, lostRace);
                }

                var executed = result with { Status = "executed" };
                var invocation = new RemediationInvocation(NewExecutionId(), command.Action, command.Targets, command.Parameters, command.Caller, [], null, command.Justification);
                var bind = binding is null ? null : new IdempotencyBinding(command.Caller, binding.Key, binding.ClaimToken,
                    JsonSerializer.Serialize(executed, McpJsonUtilities.DefaultOptions), retention);
                var report = await runner.RunAsync(request, invocation, autonomous: decision.OperatingMode == OperatingMode.Autonomous, bind, cancellationToken).ConfigureAwait(false);
                return executed with { Execution = report };
        }
    }

    /// <summary><paramref name="result"/> denied by <paramref name="failed"/>, a check decided after the guard's own.</summary>
    private static ExecuteRemediationResult DeniedBy(ExecuteRemediationResult result, GuardCheck failed) =>
        result with { Status = "denied", Summary = $"denied: {failed.Name}: {failed.Detail}", Checks = [.. result.Checks, failed] };

    private async Task<WhatIfPlan> PlanAsync(RemediationCommand command, GuardDecision decision, CancellationToken cancellationToken)
    {
        var invocation = new RemediationInvocation("what-if", command.Action, command.Targets, command.Parameters, command.Caller, [], null, command.Justification);
        var (name, executor, problem) = runner.ResolveExecutor(command.Action);
        var notes = new List<string>();
        if (problem is not null)
        {
            notes.Add(problem);
        }

        IReadOnlyList<IReadOnlyList<string>> invocations = [];
        IReadOnlyList<StepReport> dryRun = [];
        var inverse = "unknown: no executor";
        if (executor is not null)
        {
            try
            {
                invocations = RemediationRunner.Invocations(executor, invocation, ExecutorPhase.Execute);
                inverse = RemediationRunner.RecordInverse(configuration.Current.ActionFor(command.Action), executor, invocation).Description;
                if (problem is null)
                {
                    dryRun = await runner.DryRunAsync(name!, executor, invocation, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ArgumentException ex)
            {
                notes.Add(ex.Message);
            }
        }

        var scope = CounterScope.For(new GuardRequest
        {
            Principal = command.Caller,
            Action = command.Action,
            Targets = command.Targets,
            Confidence = command.Confidence,
            Policy = command.Policy,
        }, configuration.Guard, autonomous: false);
        List<string> counters = [.. scope.Keys.SelectMany(k => command.Targets.Select(t => $"cooldown {k.Key} on {t}: {k.CooldownSeconds} s")),
            .. scope.Keys.SelectMany(k => command.Targets.Select(t => $"hourly cap {k.Key} on {t}: 1 of {k.MaxExecutionsPerHour} per hour")),
            $"rate limit of {command.Caller}: 1 of {scope.PrincipalLimit.Limit} per {scope.PrincipalLimit.WindowSeconds} s"];
        if (scope.ActionLimit is { } actionLimit)
        {
            counters.Add($"rate limit of {command.Action.ToWireName()}: 1 of {actionLimit.Limit} per {actionLimit.WindowSeconds} s");
        }

        return new WhatIfPlan(invocations, dryRun, decision.BlastRadius, counters, inverse, notes, name);
    }

    private static string NewExecutionId() => $"exe_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

    /// <summary>An idempotency key this call claimed, and the token it claimed it with.</summary>
    private sealed record Binding(string Key, string ClaimToken);
}
