using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Chaos experiments: run_chaos (guarded) and get_chaos_experiment (read-only).</summary>
[McpServerToolType]
public sealed partial class ChaosTools(
    ChaosRequestBuilder builder,
    ChaosRunner runner,
    GuardService guard,
    IGuardCounterStore counters,
    IReliabilityConfigurationSource configuration,
    IChaosExperimentStore experiments,
    TimeProvider time,
    IServiceProvider services)
{
    /// <summary>Approval kind of chaos runs.</summary>
    public const string ApprovalKind = "chaos";

    [GeneratedRegex("^chx-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExperimentIdPattern();

    /// <summary>Starts a chaos experiment from a template, through the guard.</summary>
    [McpServerTool(Name = "run_chaos", Title = "Run a chaos experiment", ReadOnly = false, Destructive = true, Idempotent = false,
        OpenWorld = true, UseStructuredContent = true, OutputSchemaType = typeof(RunChaosResult))]
    [Description("""
        Runs a chaos experiment: injects real faults (latency, errors, dropped connections, corrupted responses; or,
        for control-plane templates, an outage or latency in this server's own store) into a target for a bounded
        duration, after checking the target's steady state, watching abort conditions while the faults are in, removing
        them at the end or on abort, and scoring resilience (0-100: probe success weighted by fault severity), recovery
        time and degradation. Chaos is a state change: it passes the guard like any remediation and may come back as
        denied (with every failed check), what_if (advisory mode: the plan, nothing injected) or pending_approval (an
        approval id a human must approve). When it starts, this returns at once with the experiment id and the
        steady-state result; the run continues in the background: follow it with get_chaos_experiment. Every fault
        expires on its own after the duration even if this server dies.
        Templates (see the configuration resource): latency-spike, error-storm, timeout, dependency-outage,
        cascading-failure, control-plane-store-outage (target "control-plane").
        Example: {"template": "latency-spike", "target": "checkout", "duration_seconds": 60, "parameters": {"latency_ms": 500}}
        """)]
    public async Task<CallToolResult> RunChaosAsync(
        ClaimsPrincipal? user,
        [Description("Template name from the chaos library, e.g. \"latency-spike\".")] string template,
        [Description("Target service name from the service graph, e.g. \"checkout\"; \"control-plane\" for control-plane templates.")] string target,
        [Description("Run length in seconds (default: the template's). Faults expire on their own after it.")] int? duration_seconds = null,
        [Description("Optional overrides applied to the template's faults: latency_ms, jitter_ms, rate, status_code, path_prefix.")] ChaosParameters? parameters = null,
        [Description("Why you run it (free text, recorded for approvers), e.g. \"verify checkout survives slow payments before Black Friday\".")] string? justification = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var caller = PrincipalClaims.FromClaimsPrincipal(user) ?? throw new McpException("The caller is not authenticated.");
        if (justification is { Length: > 2000 })
        {
            throw new McpException("'justification' is at most 2000 characters.");
        }

        var (request, plan, guardTargets) = builder.Build(caller.Name, template, target, duration_seconds, parameters);
        // Confidence gates an agent's diagnosis; a chaos run is a deliberate test, so it is judged on mode, risk,
        // blast radius, freeze, cooldown and rate limits instead. It is judged over every service a fault lands on,
        // not only the one named: a dependency outage on billing is a fault in payments.
        var guardRequest = new GuardRequest
        {
            Principal = caller.Name,
            Action = ActionType.ChaosExperiment,
            Targets = guardTargets,
            Confidence = 1,
            Justification = justification ?? "",
        };
        var guarded = await guard.DecideAsync("run_chaos", guardRequest, cancellationToken).ConfigureAwait(false);
        var decision = guarded.Decision;
        var outcome = GuardService.DecisionName(decision.Outcome);
        RunChaosResult result;
        switch (decision.Outcome)
        {
            case GuardOutcome.Deny:
                result = new RunChaosResult("denied", request.TemplateName, request.Target,
                    $"Denied by the guard: {string.Join("; ", decision.Failed.Select(c => $"{c.Name}: {c.Detail}"))}. Nothing was injected.",
                    plan, outcome, decision.Checks);
                break;
            case GuardOutcome.WhatIf:
                result = new RunChaosResult("what_if", request.TemplateName, request.Target,
                    "Advisory mode: this is the plan; nothing was injected. An operator can switch the principal to approval or autonomous mode to run it.",
                    plan, outcome, decision.Checks);
                break;
            case GuardOutcome.NeedsApproval:
                result = await SubmitForApprovalAsync(request, plan, guardRequest, decision, cancellationToken).ConfigureAwait(false);
                break;
            default:
                result = await StartAsync(request, plan, guardRequest, decision, progress, cancellationToken).ConfigureAwait(false);
                break;
        }

        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = result.Message }],
            StructuredContent = JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions),
            IsError = false,
        };
    }

    /// <summary>Reads an experiment: status, timeline and result.</summary>
    [McpServerTool(Name = "get_chaos_experiment", Title = "Get a chaos experiment", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ChaosExperimentView))]
    [Description("""
        Returns a chaos experiment started by run_chaos: its status (steady_state_check, injecting, recovering,
        completed, aborted, steady_state_failed, failed, interrupted), the faults placed and when each expires, the
        timeline of every step, and once finished the result: resilience score 0-100, success ratio before and during,
        degradation in percentage points, p95 latency before and during (ms), recovery time (s), error budget consumed
        (when the server has an SLO engine), and whether and why it was aborted.
        Example: {"experiment_id": "chx-0123456789abcdef"}
        """)]
    public async Task<CallToolResult> GetChaosExperimentAsync(
        ClaimsPrincipal? user,
        [Description("The id run_chaos returned, e.g. \"chx-0123456789abcdef\".")] string experiment_id,
        CancellationToken cancellationToken = default)
    {
        _ = PrincipalClaims.FromClaimsPrincipal(user) ?? throw new McpException("The caller is not authenticated.");
        var view = await ReadAsync(experiments, experiment_id, cancellationToken).ConfigureAwait(false)
            ?? throw new McpException($"no experiment {experiment_id} exists (finished experiments are kept 30 days).");
        var e = view.Experiment;
        var text = $"Experiment {e.Id} ({e.Template} on {e.Target}): {view.Status}"
            + (e.Result?.ResilienceScore is { } s ? $", resilience score {s:0.##}" : "")
            + (e.Result?.RecoverySeconds is { } r ? $", recovered in {r:0.###} s" : "")
            + (e.Reason is { } why ? $". {why}" : "") + ".";
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = JsonSerializer.SerializeToElement(view, McpJsonUtilities.DefaultOptions),
        };
    }

    /// <summary>An experiment with its timeline, or null; throws <see cref="McpException"/> for a malformed id.</summary>
    internal static async Task<ChaosExperimentView?> ReadAsync(IChaosExperimentStore store, string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || !ExperimentIdPattern().IsMatch(id))
        {
            throw new McpException("'experiment_id' looks like \"chx-\" followed by 16 hex digits, as returned by run_chaos.");
        }

        var experiment = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return experiment is null ? null
            : new ChaosExperimentView(experiment, ChaosExperimentRun.Name(experiment.Status), await store.GetTimelineAsync(id, cancellationToken).ConfigureAwait(false));
    }

    private async Task<RunChaosResult> SubmitForApprovalAsync(
        ChaosRunRequest request, ChaosPlan plan, GuardRequest guardRequest, GuardDecision decision, CancellationToken cancellationToken)
    {
        if (services.GetService<IApprovalService>() is not { } approvals)
        {
            return new RunChaosResult("denied", request.TemplateName, request.Target,
                "The guard requires approval, but approvals are not available on this server; nothing was injected.",
                plan, "deny", [.. decision.Checks, new GuardCheck("approval", CheckStatus.Failed, "approvals are not available on this server")]);
        }

        var payload = JsonSerializer.Serialize(new ChaosApprovalPayload(request.TemplateName, request.Target, request.DurationSeconds, request.Template), ChaosApprovalPayload.Json);
        PendingApprovalInfo pending;
        try
        {
            pending = await approvals.SubmitAsync(new ApprovalSubmission(ApprovalKind, guardRequest, decision, payload,
                $"chaos experiment {request.TemplateName} on {request.Target} (touches {string.Join(", ", guardRequest.Targets)}) for {request.DurationSeconds} s requested by {request.Principal}"), cancellationToken).ConfigureAwait(false);
        }
        catch (PendingApprovalCapException capped)
        {
            // The requester already has as many pending approvals as the cap allows: a structured denial, nothing queued.
            return new RunChaosResult("denied", request.TemplateName, request.Target, $"Denied: {capped.Check.Detail} Nothing was injected.",
                plan, "deny", [.. decision.Checks, capped.Check]);
        }

        return new RunChaosResult("pending_approval", request.TemplateName, request.Target,
            $"Needs approval from {pending.ApproversNeeded} approver(s) (approval {pending.ApprovalId}, expires {pending.ExpiresAt:O}); the experiment starts once approved. Nothing was injected yet.",
            plan, GuardService.DecisionName(decision.Outcome), decision.Checks,
            ApprovalId: pending.ApprovalId, ApproversNeeded: pending.ApproversNeeded, ApprovalExpiresAt: pending.ExpiresAt);
    }

    private async Task<RunChaosResult> StartAsync(
        ChaosRunRequest request, ChaosPlan plan, GuardRequest guardRequest, GuardDecision decision,
        IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken)
    {
        // Spend the cooldown / hourly cap / rate limits atomically, as every executed action does.
        var scope = CounterScope.For(guardRequest, configuration.Guard, autonomous: decision.OperatingMode == OperatingMode.Autonomous);
        var spent = await counters.TrySpendAsync(scope, $"chaos-{Guid.NewGuid():N}", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!spent.Spent)
        {
            return new RunChaosResult("denied", request.TemplateName, request.Target,
                $"Denied: {spent.Detail ?? spent.Refusal} (another action took the slot since the guard's check). Nothing was injected.",
                plan, "deny", [.. decision.Checks, spent.AsFailedCheck()!]);
        }

        var steps = 0;
        var reporter = progress is null ? null : new Progress<string>(message =>
            progress.Report(new ProgressNotificationValue { Progress = Interlocked.Increment(ref steps), Message = message }));
        ChaosExperiment started;
        try
        {
            started = await runner.StartAsync(request, reporter, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            return new RunChaosResult("denied", request.TemplateName, request.Target, $"Denied: {ex.Message}", plan, "deny", decision.Checks);
        }

        return ToResult(started, plan, decision);
    }

    /// <summary>The run_chaos answer for an experiment that started (or ended before injecting).</summary>
    internal static RunChaosResult ToResult(ChaosExperiment e, ChaosPlan plan, GuardDecision? decision)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (status, message) = e.Status switch
        {
            ChaosExperimentStatus.SteadyStateFailed => ("steady_state_failed", $"Experiment {e.Id}: the steady state did not hold ({e.SteadyStateDetail}); nothing was injected."),
            ChaosExperimentStatus.Failed or ChaosExperimentStatus.Interrupted => (ChaosExperimentRun.Name(e.Status), $"Experiment {e.Id}: {e.Reason}"),
            _ => ("started", $"Experiment {e.Id} started: steady state held ({e.SteadyStateDetail}); {e.Faults.Count} fault(s) in force for {e.DurationSeconds} s. Follow it with get_chaos_experiment."),
        };
        return new RunChaosResult(status, e.Template, e.Target, message, plan,
            decision is null ? "allow" : GuardService.DecisionName(decision.Outcome), decision?.Checks ?? [],
            ExperimentId: e.Id, SteadyStateOk: e.SteadyStateOk, SteadyStateDetail: e.SteadyStateDetail);
    }
}
