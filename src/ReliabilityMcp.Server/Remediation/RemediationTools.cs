using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>The guarded remediation tool.</summary>
[McpServerToolType]
public sealed partial class RemediationTools(IServiceProvider services, IReliabilityConfigurationSource configuration, ILogger<RemediationTools> logger)
{
    private const int MaxTargets = 10;
    private const int MinJustification = 20;
    private const int MaxJustification = 2000;

    [GeneratedRegex("^[A-Za-z0-9._:-]{8,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdempotencyKeyPattern();

    /// <summary>Requests one typed remediation action; the guard decides what happens.</summary>
    [McpServerTool(Name = "execute_remediation", Title = "Request a guarded remediation", ReadOnly = false, Destructive = true, Idempotent = false,
        OpenWorld = true, UseStructuredContent = true, OutputSchemaType = typeof(ExecuteRemediationResult))]
    [Description("""
        Requests one typed remediation action on named services. The server's guard decides and the answer's status says what happened:
        "executed" (it ran: the executor's result, the before/after health check and the recorded inverse are included; a failed
        after-check runs the inverse and the outcome is "rolled_back" or "failed"), "pending_approval" (a human approver must approve
        it with approve_request or the operator API; you get the approval id, approvers needed and expiry — you cannot approve it
        yourself), "what_if" (advisory mode: the exact plan, dry-run output where the executor has one, the predicted blast radius
        and the counters it would spend; nothing ran), or "denied" (every failed check is listed with the reason and, where it is
        time-bound, when it may pass). A denial is an answer to reason about, not an error to work around.
        Send an idempotency_key when you might retry: the same key with the same arguments returns the first result (kept 24 h);
        the same key with different arguments is an error.
        Example: {"action": "restart", "targets": ["checkout"], "justification": "p99 latency 2.4 s for 10 min after a config push; restart clears the wedged pool",
        "confidence": 0.85, "policy": "high-latency-restart", "idempotency_key": "inc-4711-restart-1"}
        """)]
    public async Task<CallToolResult> ExecuteRemediationAsync(
        ClaimsPrincipal? user,
        [Description("Action type: restart, scale_out, rollback, circuit_breaker, traffic_shift, failover, alert_team or custom.")] string action,
        [Description("Target service names from the service graph (1-10), e.g. [\"checkout\"]. The blast radius is computed by the server.")] string[] targets,
        [Description("Why this action, with the evidence (at least 20 characters). Shown to approvers and kept in the audit trail.")] string justification,
        [Description("Your confidence that this action fixes the problem, 0-1. Below 0.5 nothing runs (escalate); up to 0.8 a human must approve.")] double confidence,
        [Description("Action parameters for the executor, name: value (strings, numbers, booleans), e.g. {\"replicas\": 4}.")] JsonElement? parameters = null,
        [Description("Name of the healing policy that motivated this action, if any (its cooldown and hourly cap then apply), e.g. \"high-latency-restart\".")] string? policy = null,
        [Description("Key for safe retries, 8-128 characters of letters, digits, '.', '_', ':' or '-', e.g. \"inc-4711-restart-1\".")] string? idempotency_key = null,
        CancellationToken cancellationToken = default)
    {
        var caller = PrincipalClaims.FromClaimsPrincipal(user) ?? throw new McpException("The caller is not authenticated.");
        var command = Validate(caller.Name, action, targets, justification, confidence, parameters, policy, idempotency_key, configuration.Current);
        ExecuteRemediationResult result;
        try
        {
            result = await services.GetRequiredService<RemediationService>().ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            throw StoreFailure.ToToolError(ex);
        }

        LogRequested(logger, caller.Name, command.Action.ToWireName(), string.Join(",", command.Targets), result.Status);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Summarise(result) }],
            StructuredContent = JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions),
            IsError = false,
        };
    }

    internal static RemediationCommand Validate(
        string caller, string action, string[]? targets, string? justification, double confidence, JsonElement? parameters, string? policy, string? idempotencyKey,
        ReliabilityConfiguration config)
    {
        if (!ActionTypeNames.TryParse(action, out var type) || type == ActionType.ChaosExperiment)
        {
            throw new McpException($"'action' \"{Truncate(action)}\" is not a remediation action; use one of {string.Join(", ", ActionTypeNames.All.Where(a => a != "chaos_experiment"))} (chaos experiments go through run_chaos).");
        }

        if (targets is null || targets.Length is 0 or > MaxTargets)
        {
            throw new McpException($"'targets' must list 1 to {MaxTargets} service names, e.g. [\"checkout\"].");
        }

        foreach (var target in targets)
        {
            if (target is null || !ConfigurationValidator.ServiceNamePattern().IsMatch(target))
            {
                throw new McpException($"target \"{Truncate(target)}\" is not a service name; use ^[a-z0-9][a-z0-9-]{{0,62}}$ as in the service graph (e.g. \"checkout\").");
            }
        }

        if (targets.Distinct(StringComparer.Ordinal).Count() != targets.Length)
        {
            throw new McpException("'targets' lists a service twice; name each service once.");
        }

        var why = justification?.Trim() ?? "";
        if (why.Length is < MinJustification or > MaxJustification)
        {
            throw new McpException($"'justification' must be {MinJustification}-{MaxJustification} characters explaining the evidence (e.g. \"error rate 35% since deploy 1.4.2 at 10:02\"); got {why.Length}.");
        }

        if (!double.IsFinite(confidence) || confidence is < 0 or > 1)
        {
            throw new McpException($"'confidence' must be a number from 0 to 1 (e.g. 0.85); got {confidence.ToString(CultureInfo.InvariantCulture)}.");
        }

        var (values, error) = RemediationParameters.Parse(parameters);
        if (error is not null)
        {
            throw new McpException(error);
        }

        Core.Policies.HealingPolicy? motivating = null;
        if (policy is not null)
        {
            motivating = config.Policies.FirstOrDefault(p => p.Name == policy)
                ?? throw new McpException($"'policy' \"{Truncate(policy)}\" is not configured; use a name from evaluate_policies, or leave it out.");
            if (!motivating.Actions.Contains(type))
            {
                throw new McpException($"policy \"{policy}\" does not recommend {type.ToWireName()} (it recommends {string.Join(", ", motivating.Actions.Select(a => a.ToWireName()))}); name the policy only for its own actions.");
            }
        }

        if (idempotencyKey is not null && !IdempotencyKeyPattern().IsMatch(idempotencyKey))
        {
            throw new McpException("'idempotency_key' must be 8-128 characters of letters, digits, '.', '_', ':' or '-', e.g. \"inc-4711-restart-1\".");
        }

        return new RemediationCommand(caller, type, targets, values, why, confidence, motivating, idempotencyKey);
    }

    private static string Summarise(ExecuteRemediationResult r)
    {
        var sb = new StringBuilder();
        var what = $"{r.Action} of {string.Join(", ", r.Targets)}";
        sb.Append(r.Status switch
        {
            "executed" when r.Execution!.Outcome == "unknown" => $"Outcome unknown for {what}: {r.Execution.Error}. Execution id {r.Execution.ExecutionId}: " +
                "it may have run and is never run again by itself; check the target, and do not retry with a new idempotency key.",
            "executed" => $"Executed {what}: {r.Execution!.Outcome}" + (r.Execution.Error is { } e ? $" ({e})" : "") + $". Execution id {r.Execution.ExecutionId}; circuit breaker {r.Execution.CircuitBreaker}.",
            "pending_approval" => $"Approval needed for {what}: approval id {r.Approval!.ApprovalId}, {r.Approval.ApproversNeeded} human approver(s), expires {r.Approval.ExpiresAt:O}. You cannot approve it yourself.",
            "what_if" => $"What-if only (advisory mode) for {what}: nothing ran. Blast radius {string.Join(", ", r.BlastRadius)}." +
                (r.Plan!.Notes.Count > 0 ? $" Notes: {string.Join("; ", r.Plan.Notes)}." : ""),
            _ => $"Denied {what}: {string.Join("; ", r.Checks.Where(c => c.Status == CheckStatus.Failed).Select(c => $"{c.Name}: {c.Detail}"))}.",
        });
        sb.Append($" Risk {r.Risk.ToString().ToUpperInvariant()}.");
        if (r.IdempotentReplay)
        {
            sb.Append(" (First result of this idempotency key, returned again.)");
        }

        return sb.ToString();
    }

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 64 ? s : s[..64] + "…";

    [LoggerMessage(EventId = 5105, EventName = "RemediationRequested", Level = LogLevel.Information,
        Message = "execute_remediation by {Principal}: {Action} on {Targets} → {Status}")]
    private static partial void LogRequested(ILogger logger, string principal, string action, string targets, string status);
}
