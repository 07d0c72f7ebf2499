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
        if (command.IdempotencyKey is { } key)
        {
            var claim = await store.ClaimIdempotencyKeyAsync(command.Caller, key, command.Digest(), retention, cancellationToken).ConfigureAwait(false);
            if (!claim.Claimed)
            {
                if (claim.ExistingDigest != command.Digest())
                {
                    throw new McpException($"idempotency_key \"{key}\" was already used with different arguments; reuse a key only to retry the identical request, or send a new key.");
                }

                if (claim.ExistingResult is null)
                {
                    throw new McpException($"the request with idempotency_key \"{key}\" is still being processed; retry the identical call in a few seconds to get its result.");
                }

                var first = JsonSerializer.Deserialize<ExecuteRemediationResult>(claim.ExistingResult, McpJsonUtilities.DefaultOptions)!;
                return first with { IdempotentReplay = true };
            }
        }

        var ran = false;
        try
        {
            var (result, executed) = await DecideAndRunAsync(command, cancellationToken).ConfigureAwait(false);
            ran = executed;
            if (command.IdempotencyKey is { } k)
            {
                await store.CompleteIdempotencyKeyAsync(command.Caller, k, JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions), retention, CancellationToken.None)
                    .ConfigureAwait(false);
            }

            return result;
        }
        catch when (command.IdempotencyKey is { } k && !ran)
        {
            // Nothing ran: free the key so the caller's retry is not stuck behind a call that never finished.
            await store.ReleaseIdempotencyKeyAsync(command.Caller, k, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(ExecuteRemediationResult Result, bool Executed)> DecideAndRunAsync(RemediationCommand command, CancellationToken cancellationToken)
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
        var (result, report) = await ActAsync(command, request, decided, null, cancellationToken).ConfigureAwait(false);
        if (report?.SpendRefused is not { } lost)
        {
            return (result, report is not null);
        }

        // Another call took the last slot between the guard's read and the atomic spend, and nothing ran: decide again
        // with the counters as they are now, so the answer is the one this call would have had if it had come second.
        var again = await guard.RecheckAsync(RemediationRunner.Tool, request, cancellationToken).ConfigureAwait(false);
        return ((await ActAsync(command, request, again, lost, cancellationToken).ConfigureAwait(false)).Result, false);
    }

    /// <summary>
    /// Acts on the guard's decision. With <paramref name="lostRace"/> (a second decision after losing the spend) nothing
    /// runs: an allow becomes a denial naming the limit that was lost.
    /// </summary>
    private async Task<(ExecuteRemediationResult Result, ExecutionReport? Report)> ActAsync(
        RemediationCommand command, GuardRequest request, GuardResult decided, GuardCheck? lostRace, CancellationToken cancellationToken)
    {
        var decision = decided.Decision;
        var result = new ExecuteRemediationResult("denied", command.Action.ToWireName(), command.Targets, decision.Risk.Risk, decision.BlastRadius,
            decision.OperatingMode, decision.Summary, decision.Checks, IdempotencyKey: command.IdempotencyKey, StoreProblem: decided.StoreProblem);
        switch (decision.Outcome)
        {
            case GuardOutcome.Deny:
                return (result, null);
            case GuardOutcome.WhatIf when lostRace is null:
                return (result with { Status = "what_if", Plan = await PlanAsync(command, decision, cancellationToken).ConfigureAwait(false) }, null);
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
                    return (DeniedBy(result, capped.Check), null);
                }

                return (result with { Status = "pending_approval", Approval = new PendingApprovalReport(pending.ApprovalId, pending.ApproversNeeded, pending.ExpiresAt) }, null);
            default:
                if (lostRace is not null)
                {
                    return (DeniedBy(result, lostRace), null);
                }

                var invocation = new RemediationInvocation(NewExecutionId(), command.Action, command.Targets, command.Parameters, command.Caller, [], null, command.Justification);
                var report = await runner.RunAsync(request, invocation, autonomous: decision.OperatingMode == OperatingMode.Autonomous, cancellationToken).ConfigureAwait(false);
                return (result with { Status = "executed", Execution = report }, report);
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
}
