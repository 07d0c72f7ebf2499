using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReliabilityMcp.Agent.Llm;

namespace ReliabilityMcp.Agent.Runbook;

/// <summary>
/// The <c>runbook</c> brain: one episode per alert, each step a tool call whose answer <see cref="RunbookPlanner"/>
/// turns into the next decision. Triage (find_similar_incidents, evaluate_policies) → execute_remediation → wait for
/// the human when the guard asks for one (get_approval_status) → verify recovery (slo_status) → record_incident and
/// record_outcome, so the next similar incident finds this one.
/// </summary>
public sealed partial class RunbookBrain(
    Func<CancellationToken, Task<IAgentTools>> connect, AgentOptions options, TimeProvider time, ILogger<RunbookBrain> logger) : IAlertBrain
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <inheritdoc />
    public async Task<EpisodeReport> HandleAsync(SloAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var startedAt = time.GetUtcNow();
        var key = $"rb-{alert.Service}-{startedAt:yyyyMMddHHmmss}";
        using var episode = ToolCallingLoop.Source.StartActivity("agent.runbook.episode");
        episode?.SetTag("agent.service", alert.Service);
        episode?.SetTag("agent.episode", key);
        LogEpisode(logger, key, alert.Tier, alert.Slo, alert.Service, alert.Burn5m, alert.Burn1h);
        try
        {
            await using var tools = await connect(cancellationToken).ConfigureAwait(false);
            var report = await RunAsync(tools, alert, key, startedAt, cancellationToken).ConfigureAwait(false);
            episode?.SetTag("agent.end", report.End);
            LogEnded(logger, key, report.End, report.Detail ?? "");
            return report;
        }
        catch (Exception ex) when (ex is AgentToolException or HttpRequestException or ModelContextProtocol.McpException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            episode?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogFailed(logger, key, ex.Message);
            return new EpisodeReport(alert.Service, key, "error", Detail: ex.Message);
        }
    }

    private async Task<EpisodeReport> RunAsync(IAgentTools tools, SloAlert alert, string key, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        // Triage: what happened before, and what the policies say about these numbers.
        var query = RunbookPlanner.Query(alert);
        var telemetry = RunbookPlanner.Telemetry(alert);
        JsonElement similar, policies;
        using (Step("triage"))
        {
            similar = await tools.CallAsync("find_similar_incidents", new Dictionary<string, object?> { ["query"] = query, ["service"] = alert.Service, ["k"] = 5 }, cancellationToken)
                .ConfigureAwait(false);
            policies = await tools.CallAsync("evaluate_policies", new Dictionary<string, object?> { ["service"] = alert.Service, ["telemetry"] = telemetry }, cancellationToken)
                .ConfigureAwait(false);
        }

        LogTriage(logger, key, query, JsonSerializer.Serialize(telemetry), Count(similar, "incidents"), Count(policies, "matched"));
        var decision = RunbookPlanner.Decide(alert, policies, similar);
        if (decision is null)
        {
            LogNoAction(logger, key, alert.Service);
            return new EpisodeReport(alert.Service, key, "no_action", Detail: "no matched policy and no effective action in history: a human's call");
        }

        LogDecision(logger, key, decision.Action, decision.Policy ?? "(none)", decision.Confidence, decision.Justification);
        JsonElement remediation;
        using (var act = Step("execute_remediation"))
        {
            act?.SetTag("agent.action", decision.Action);
            act?.SetTag("agent.confidence", decision.Confidence);
            var args = new Dictionary<string, object?>
            {
                ["action"] = decision.Action,
                ["targets"] = new[] { alert.Service },
                ["justification"] = decision.Justification,
                ["confidence"] = decision.Confidence,
                ["idempotency_key"] = key,
            };
            if (decision.Policy is not null)
            {
                args["policy"] = decision.Policy;
            }

            remediation = await tools.CallAsync("execute_remediation", args, cancellationToken).ConfigureAwait(false);
        }

        var status = Text(remediation, "status") ?? "unknown";
        LogRemediation(logger, key, status);
        var report = new EpisodeReport(alert.Service, key, status, decision, status);
        string? executionOutcome = null;
        switch (status)
        {
            case "executed":
                executionOutcome = remediation.TryGetProperty("execution", out var execution) ? Text(execution, "outcome") : null;
                break;
            case "pending_approval":
                var approvalId = remediation.GetProperty("approval").GetProperty("approvalId").GetString()!;
                var (state, result) = await WaitForApprovalAsync(tools, key, approvalId, cancellationToken).ConfigureAwait(false);
                report = report with { ApprovalId = approvalId, ApprovalState = state };
                if (state != "completed")
                {
                    // Rejected, expired, failed or rolled back: nothing fixed it, so people must know now (escalate with
                    // the evidence), and a human's no or a failed action is worth remembering next time.
                    var why = $"{decision.Action} did not run to completion: approval {approvalId} ended {state ?? "without a decision in time"}.";
                    report = await EscalateAsync(tools, alert, decision, report with { End = "not_executed" }, why, cancellationToken).ConfigureAwait(false);
                    return await RecordAsync(tools, alert, decision, report, startedAt, success: false, why, cancellationToken).ConfigureAwait(false);
                }

                executionOutcome = result.ValueKind == JsonValueKind.Object ? Text(result, "outcome") ?? "completed" : "completed";
                break;
            default:
                // denied or what_if: nothing ran, so nothing can be learned about the action's effect.
                var detail = Text(remediation, "summary") ?? status;
                return report with { End = status == "denied" ? "denied" : status, Detail = detail };
        }

        if (executionOutcome is not "completed")
        {
            var why = $"{decision.Action} ran but ended {executionOutcome}.";
            report = await EscalateAsync(tools, alert, decision, report with { End = "not_executed" }, why, cancellationToken).ConfigureAwait(false);
            return await RecordAsync(tools, alert, decision, report, startedAt, success: false, why, cancellationToken).ConfigureAwait(false);
        }

        var actedAt = time.GetUtcNow();
        var recovered = await WaitForRecoveryAsync(tools, key, alert.Service, alert.Slo, cancellationToken).ConfigureAwait(false);
        var minutes = (time.GetUtcNow() - actedAt).TotalMinutes;
        var lessons = recovered
            ? string.Create(Inv, $"{decision.Action} on {alert.Service} cleared the {alert.Tier} alert of {alert.Slo} within {minutes:0.#} min (5m burn back to ≤ 1).")
            : string.Create(Inv, $"{decision.Action} on {alert.Service} completed but {alert.Slo} still burned after {options.RecoveryTimeoutSeconds} s: look elsewhere.");
        report = report with { End = recovered ? "recovered" : "not_recovered" };
        if (!recovered)
        {
            report = await EscalateAsync(tools, alert, decision, report, lessons, cancellationToken).ConfigureAwait(false);
        }

        return await RecordAsync(tools, alert, decision, report, startedAt, recovered, lessons, cancellationToken, minutes).ConfigureAwait(false);
    }

    /// <summary>
    /// The episode could not fix it (the action was rejected, failed or did not help): tell the team through the guarded
    /// <c>alert_team</c> action with the evidence, instead of going quiet. Not waited for: in approval mode the pending
    /// alert is itself in front of a human. A refusal is logged and kept in the report; the episode still records.
    /// </summary>
    private async Task<EpisodeReport> EscalateAsync(IAgentTools tools, SloAlert alert, RunbookDecision decision, EpisodeReport report, string why, CancellationToken cancellationToken)
    {
        if (decision.Action == "alert_team")
        {
            return report;
        }

        using var escalate = Step("escalate");
        var evidence = string.Create(Inv,
            $"Escalating {alert.Tier} alert on {alert.Slo} of {alert.Service}: {why} Evidence: {RunbookPlanner.Query(alert)}. The runbook asked for {decision.Action}: {decision.Justification}");
        var answer = await tools.CallAsync("execute_remediation", new Dictionary<string, object?>
        {
            ["action"] = "alert_team",
            ["targets"] = new[] { alert.Service },
            ["justification"] = evidence.Length > 2000 ? evidence[..2000] : evidence,
            ["confidence"] = 0.9,
            ["idempotency_key"] = report.EpisodeKey + "-escalate",
        }, cancellationToken).ConfigureAwait(false);
        var status = Text(answer, "status") ?? "unknown";
        escalate?.SetTag("agent.escalation", status);
        LogEscalated(logger, report.EpisodeKey, alert.Service, status);
        return report with { Escalation = status };
    }

    private async Task<(string? State, JsonElement Result)> WaitForApprovalAsync(IAgentTools tools, string key, string approvalId, CancellationToken cancellationToken)
    {
        using var wait = Step("wait_for_approval");
        wait?.SetTag("agent.approval_id", approvalId);
        LogWaiting(logger, key, approvalId);
        var deadline = time.GetUtcNow().AddSeconds(options.ApprovalTimeoutSeconds);
        string? state = null;
        while (true)
        {
            var view = await tools.CallAsync("get_approval_status", new Dictionary<string, object?> { ["approval_id"] = approvalId }, cancellationToken).ConfigureAwait(false);
            state = Text(view, "state");
            if (RunbookPlanner.IsFinalApprovalState(state))
            {
                LogApproval(logger, key, approvalId, state!);
                return (state, view.TryGetProperty("result", out var r) ? r.Clone() : default);
            }

            if (time.GetUtcNow() >= deadline)
            {
                LogApproval(logger, key, approvalId, $"still {state} after {options.ApprovalTimeoutSeconds} s; giving up waiting");
                return (state, default);
            }

            await Task.Delay(TimeSpan.FromSeconds(options.PollIntervalSeconds), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitForRecoveryAsync(IAgentTools tools, string key, string service, string slo, CancellationToken cancellationToken)
    {
        using var verify = Step("verify_recovery");
        var deadline = time.GetUtcNow().AddSeconds(options.RecoveryTimeoutSeconds);
        while (true)
        {
            var status = await tools.CallAsync("slo_status", new Dictionary<string, object?> { ["service"] = service, ["detail"] = true }, cancellationToken).ConfigureAwait(false);
            if (RunbookPlanner.IsRecovered(status, service, slo))
            {
                verify?.SetTag("agent.recovered", true);
                LogRecovery(logger, key, service, $"recovered: {slo} burns at most its budget over 5m and nothing on the service burns fast");
                return true;
            }

            if (time.GetUtcNow() >= deadline)
            {
                verify?.SetTag("agent.recovered", false);
                LogRecovery(logger, key, service, $"not recovered within {options.RecoveryTimeoutSeconds} s");
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(options.PollIntervalSeconds), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<EpisodeReport> RecordAsync(IAgentTools tools, SloAlert alert, RunbookDecision decision, EpisodeReport report, DateTimeOffset startedAt, bool success,
        string lessons, CancellationToken cancellationToken, double minutes = 0)
    {
        using var record = Step("record");
        var incident = await tools.CallAsync("record_incident", new Dictionary<string, object?>
        {
            ["service"] = alert.Service,
            ["severity"] = RunbookPlanner.Severity(alert),
            ["title"] = $"{alert.Tier} alert: SLO {alert.Slo} of {alert.Service} burning",
            ["description"] = $"Detected by the runbook agent from slo_status. Remediation: {decision.Action} ({report.RemediationStatus}).",
            ["symptoms"] = RunbookPlanner.Query(alert),
            ["telemetry"] = RunbookPlanner.Telemetry(alert),
            ["tags"] = new[] { "slo", alert.Tier, "runbook-agent" },
            ["started_at"] = startedAt.ToString("O", Inv),
            ["resolved_at"] = success ? time.GetUtcNow().ToString("O", Inv) : null,
            ["idempotency_key"] = report.EpisodeKey,
        }, cancellationToken).ConfigureAwait(false);
        var incidentId = Text(incident, "incidentId")!;
        var outcome = await tools.CallAsync("record_outcome", new Dictionary<string, object?>
        {
            ["incident_id"] = incidentId,
            ["actions"] = Actions(alert, decision, report),
            ["success"] = success,
            ["resolution_minutes"] = Math.Round(minutes, 3),
            ["lessons"] = lessons,
        }, cancellationToken).ConfigureAwait(false);
        var outcomeId = Text(outcome, "outcomeId");
        LogRecorded(logger, report.EpisodeKey, incidentId, outcomeId ?? "?", success, lessons);
        return report with { IncidentId = incidentId, OutcomeId = outcomeId, Detail = lessons };
    }

    /// <summary>The actions taken in the episode, as record_outcome takes them: the remediation, then any escalation.</summary>
    private static List<Dictionary<string, object?>> Actions(SloAlert alert, RunbookDecision decision, EpisodeReport report)
    {
        var detail = report.ApprovalId is { } a ? $"approval {a}: {report.ApprovalState ?? "no decision"}" : report.RemediationStatus ?? "executed";
        var actions = new List<Dictionary<string, object?>> { new() { ["action"] = decision.Action, ["targets"] = new[] { alert.Service }, ["detail"] = detail } };
        if (report.Escalation is { } escalation)
        {
            actions.Add(new() { ["action"] = "alert_team", ["targets"] = new[] { alert.Service }, ["detail"] = $"escalated: {escalation}" });
        }

        return actions;
    }

    private static Activity? Step(string name) => ToolCallingLoop.Source.StartActivity("agent.runbook." + name);

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Count(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : 0;

    [LoggerMessage(EventId = 5201, EventName = "RunbookEpisodeStarted", Level = LogLevel.Information,
        Message = "episode {Key}: {Tier} alert on {Slo} of {Service} (slo_status burn 5m {Burn5m:0.##}, 1h {Burn1h:0.##})")]
    private static partial void LogEpisode(ILogger logger, string key, string tier, string slo, string service, double burn5m, double burn1h);

    [LoggerMessage(EventId = 5202, EventName = "RunbookTriage", Level = LogLevel.Information,
        Message = "episode {Key}: triage query \"{Query}\", telemetry derived from slo_status {Telemetry}; {Similar} similar incident(s), {Matched} matched polic(ies)")]
    private static partial void LogTriage(ILogger logger, string key, string query, string telemetry, int similar, int matched);

    [LoggerMessage(EventId = 5203, EventName = "RunbookNoAction", Level = LogLevel.Warning,
        Message = "episode {Key}: no policy matched and history recommends nothing for {Service}; leaving it to a human")]
    private static partial void LogNoAction(ILogger logger, string key, string service);

    [LoggerMessage(EventId = 5204, EventName = "RunbookDecision", Level = LogLevel.Information,
        Message = "episode {Key}: requesting {Action} (policy {Policy}, confidence {Confidence}): {Justification}")]
    private static partial void LogDecision(ILogger logger, string key, string action, string policy, double confidence, string justification);

    [LoggerMessage(EventId = 5205, EventName = "RunbookRemediation", Level = LogLevel.Information, Message = "episode {Key}: the guard answered {Status}")]
    private static partial void LogRemediation(ILogger logger, string key, string status);

    [LoggerMessage(EventId = 5206, EventName = "RunbookWaitingForApproval", Level = LogLevel.Information,
        Message = "episode {Key}: waiting for a human on {ApprovalId} (polling get_approval_status)")]
    private static partial void LogWaiting(ILogger logger, string key, string approvalId);

    [LoggerMessage(EventId = 5207, EventName = "RunbookApprovalEnded", Level = LogLevel.Information, Message = "episode {Key}: approval {ApprovalId}: {State}")]
    private static partial void LogApproval(ILogger logger, string key, string approvalId, string state);

    [LoggerMessage(EventId = 5208, EventName = "RunbookRecovery", Level = LogLevel.Information, Message = "episode {Key}: {Service} {Verdict}")]
    private static partial void LogRecovery(ILogger logger, string key, string service, string verdict);

    [LoggerMessage(EventId = 5209, EventName = "RunbookRecorded", Level = LogLevel.Information,
        Message = "episode {Key}: recorded incident {IncidentId}, outcome {OutcomeId} (success {Success}): {Lessons}")]
    private static partial void LogRecorded(ILogger logger, string key, string incidentId, string outcomeId, bool success, string lessons);

    [LoggerMessage(EventId = 5210, EventName = "RunbookEpisodeEnded", Level = LogLevel.Information, Message = "episode {Key} ended: {End}. {Detail}")]
    private static partial void LogEnded(ILogger logger, string key, string end, string detail);

    [LoggerMessage(EventId = 5212, EventName = "RunbookEscalated", Level = LogLevel.Warning,
        Message = "episode {Key}: could not fix {Service}; escalated with alert_team, the guard answered {Status}")]
    private static partial void LogEscalated(ILogger logger, string key, string service, string status);

    [LoggerMessage(EventId = 5211, EventName = "RunbookEpisodeFailed", Level = LogLevel.Warning, Message = "episode {Key} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string key, string reason);
}
