using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Settles executions whose server stopped mid-run, in every replica: each third of a lease it takes over the
/// executions whose lease lapsed (exactly one replica gets each) and records them as outcome <c>unknown</c> — the
/// report, a terminal audit entry, the approval (executing → unknown) and the list operators resolve from. The action
/// is never run again automatically. Operators resolve an unknown outcome after checking the target.
/// </summary>
public sealed partial class ExecutionSettlement(
    IRemediationStore store,
    IApprovalStore approvals,
    IAuditTrail audit,
    IOptions<RemediationOptions> options,
    TimeProvider time,
    ILogger<ExecutionSettlement> logger) : BackgroundService
{
    private const int Batch = 50;
    private readonly string _owner = $"settle:{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    /// <summary>Settles every execution whose lease has lapsed now; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> SettleLapsedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lapsed = await store.TakeLapsedExecutionsAsync(now, now + options.Value.ExecutionLease, _owner, Batch, cancellationToken).ConfigureAwait(false);
        var settled = new List<string>();
        foreach (var id in lapsed)
        {
            if (await SettleAsync(id, cancellationToken).ConfigureAwait(false))
            {
                settled.Add(id);
            }
        }

        return settled;
    }

    /// <summary>
    /// Records what an operator found for an execution whose outcome is unknown: the report takes
    /// <paramref name="outcome"/> (completed, failed or rolled_back), the approval follows, the audit says who and why.
    /// </summary>
    public async Task<ExecutionResolution> ResolveAsync(string executionId, Principal resolver, string outcome, string comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        if (outcome is not ("completed" or "failed" or "rolled_back"))
        {
            throw new McpException($"'outcome' must be completed, failed or rolled_back (what you found on the target); got \"{outcome}\".");
        }

        if (await store.GetExecutionAsync(executionId, cancellationToken).ConfigureAwait(false) is not { } json)
        {
            return new ExecutionResolution(ExecutionResolutionStatus.NotFound, $"No execution with id '{executionId}'.", null);
        }

        var report = JsonSerializer.Deserialize<ExecutionReport>(json, McpJsonUtilities.DefaultOptions)!;
        if (!resolver.IsInRole(PrincipalRole.Approver))
        {
            return new ExecutionResolution(ExecutionResolutionStatus.Refused, $"{resolver.Name} does not hold the approver role; only approvers resolve executions.", report);
        }

        if (report.Outcome != "unknown")
        {
            return new ExecutionResolution(ExecutionResolutionStatus.NotUnknown, $"{executionId} ended {report.Outcome}; only an unknown outcome is resolved.", report);
        }

        var now = time.GetUtcNow();
        var resolved = report with { Outcome = outcome, Resolution = $"{outcome} by {resolver.Name} at {now:O}: {comment}" };
        var resolvedJson = JsonSerializer.Serialize(resolved, McpJsonUtilities.DefaultOptions);
        await store.SaveExecutionAsync(executionId, resolvedJson, unresolved: false, TimeSpan.FromDays(options.Value.ExecutionRetentionDays), null, cancellationToken)
            .ConfigureAwait(false);
        await AuditAsync(resolved, resolver.Name, "execution_resolved", $"{executionId}: unknown resolved as {outcome} by {resolver.Name}: {comment}", cancellationToken)
            .ConfigureAwait(false);
        if (report.ApprovalId is { } approvalId)
        {
            await approvals.ResolveAsync(approvalId, ApprovalStates.Parse(outcome), resolvedJson,
                new ApprovalEvent(now, resolver.Name, outcome, $"outcome resolved by an operator: {comment}"), cancellationToken).ConfigureAwait(false);
        }

        return new ExecutionResolution(ExecutionResolutionStatus.Resolved, $"{executionId} resolved as {outcome}.", resolved);
    }

    /// <summary>Executions whose outcome is unknown and not yet resolved, oldest first.</summary>
    public async Task<IReadOnlyList<ExecutionReport>> ListUnresolvedAsync(int max, CancellationToken cancellationToken) =>
        [.. (await store.ListUnresolvedExecutionsAsync(max, cancellationToken).ConfigureAwait(false))
            .Select(j => JsonSerializer.Deserialize<ExecutionReport>(j, McpJsonUtilities.DefaultOptions)!)];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SettleLapsedAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StoreFailure.Is(ex) || ex is OperationCanceledException)
            {
                // The store is away: nothing can be settled (nor renewed) until it is back. Try again next round.
                LogScanFailed(logger, ex.Message);
            }

            try
            {
                await Task.Delay(options.Value.ExecutionLease / 3, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> SettleAsync(string executionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var json = await store.GetExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
        var running = json is null ? null : JsonSerializer.Deserialize<ExecutionReport>(json, McpJsonUtilities.DefaultOptions);
        var reason = "the server running it stopped renewing its lease (it was killed, or lost the store) while the executor may have been running: " +
            "the outcome is unknown and it is not run again; check the target and resolve it with POST /api/executions/" + executionId + "/resolve";
        var unknown = (running ?? new ExecutionReport(executionId, "unknown", "", [], "", [], [], [], [], new InverseReport(false, "not recorded", []), "closed", true, now, now))
            with { Outcome = "unknown", FinishedAt = now, Error = reason };
        var unknownJson = JsonSerializer.Serialize(unknown, McpJsonUtilities.DefaultOptions);
        if (!await store.SaveExecutionAsync(executionId, unknownJson, unresolved: true, TimeSpan.FromDays(options.Value.ExecutionRetentionDays), _owner, cancellationToken)
                .ConfigureAwait(false))
        {
            return false; // It finished meanwhile: its own report stands.
        }

        LogSettled(logger, executionId);
        await AuditAsync(unknown, ApprovalService.ServerPrincipal, "execution_outcome_unknown", $"{executionId}: {reason}", cancellationToken).ConfigureAwait(false);
        if (unknown.ApprovalId is { } approvalId)
        {
            try
            {
                await approvals.CompleteAsync(approvalId, ApprovalState.Unknown, unknownJson,
                    new ApprovalEvent(now, ApprovalService.ServerPrincipal, "unknown", "outcome unknown, needs resolution: " + reason), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Not executing any more: its server recorded a result after all.
            }
        }

        return true;
    }

    private async Task AuditAsync(ExecutionReport report, string principal, string decision, string detail, CancellationToken cancellationToken) =>
        await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), principal, RemediationRunner.Tool, decision,
            AuditChain.Digest($"{report.ExecutionId}\n{report.Action}\n{string.Join(',', report.Targets)}"),
            $"{report.Action} on {string.Join(", ", report.Targets)}: {detail}"), cancellationToken).ConfigureAwait(false);

    [LoggerMessage(EventId = 5123, EventName = "ExecutionSettledUnknown", Level = LogLevel.Warning,
        Message = "Execution {ExecutionId}: its lease lapsed mid-run; settled as outcome unknown (needs an operator to resolve it)")]
    private static partial void LogSettled(ILogger logger, string executionId);

    [LoggerMessage(EventId = 5124, EventName = "ExecutionSettlementScanFailed", Level = LogLevel.Warning,
        Message = "Looking for executions whose lease lapsed failed ({Reason}); retrying")]
    private static partial void LogScanFailed(ILogger logger, string reason);
}

/// <summary>How resolving an execution ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionResolutionStatus>))]
public enum ExecutionResolutionStatus
{
    /// <summary>Resolved.</summary>
    [JsonStringEnumMemberName("resolved")] Resolved,

    /// <summary>No such execution.</summary>
    [JsonStringEnumMemberName("not_found")] NotFound,

    /// <summary>Not an approver.</summary>
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>Its outcome is known (or already resolved).</summary>
    [JsonStringEnumMemberName("not_unknown")] NotUnknown,
}

/// <summary>The answer of <c>POST /api/executions/{id}/resolve</c>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Message">One sentence for the operator.</param>
/// <param name="Execution">The execution report (after resolution, when resolved).</param>
public sealed record ExecutionResolution(ExecutionResolutionStatus Status, string Message, ExecutionReport? Execution);
