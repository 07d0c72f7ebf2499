using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>
/// Approvals end to end: submit (pending, with expiry), decide (approver identity bound, never the requester,
/// CRITICAL needs two; the guard runs again before an approval counts), then claim and run exactly once through
/// the handler registered for the request's kind. Every step is audited.
/// </summary>
public sealed class ApprovalService(
    IApprovalStore store,
    IEnumerable<IApprovedRequestHandler> handlers,
    GuardService guard,
    IReliabilityConfigurationSource configuration,
    IAuditTrail audit,
    TimeProvider time,
    ApprovalServiceOptions options) : IApprovalService
{
    /// <summary>The server's own name in approval events and audit entries.</summary>
    public const string ServerPrincipal = "reliabilitymcp";

    private const string Tool = "approve_request";
    private readonly Dictionary<string, IApprovedRequestHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<PendingApprovalInfo> SubmitAsync(ApprovalSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var now = time.GetUtcNow();
        var request = submission.Request;
        var document = new ApprovalDocument
        {
            Id = $"apr_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}",
            Kind = submission.Kind,
            Requester = request.Principal,
            Action = request.Action,
            Targets = request.Targets,
            Confidence = request.Confidence,
            Justification = request.Justification,
            Policy = request.Policy?.Name,
            PayloadJson = submission.PayloadJson,
            Summary = submission.Summary,
            Risk = submission.Decision.Risk.Risk,
            RiskReasons = submission.Decision.Risk.Reasons,
            BlastRadius = submission.Decision.BlastRadius,
            DecisionSummary = submission.Decision.Summary,
            ApproversNeeded = Math.Max(1, submission.Decision.ApprovalsRequired),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(options.ExpiryMinutes),
            IdempotencyKey = submission.IdempotencyKey,
        };
        if (!await store.CreateAsync(document, new ApprovalEvent(now, request.Principal, "requested", submission.Summary), options.MaxPendingPerPrincipal, cancellationToken)
            .ConfigureAwait(false))
        {
            var refused = new PendingApprovalCapException(request.Principal, options.MaxPendingPerPrincipal);
            await AuditAsync(now, request.Principal, "approval_cap_reached", document, refused.Message, cancellationToken).ConfigureAwait(false);
            throw refused;
        }

        await AuditAsync(now, request.Principal, "approval_requested", document,
            $"{document.Id}: {document.ApproversNeeded} approver(s) needed by {document.ExpiresAt:O}", cancellationToken).ConfigureAwait(false);
        return new PendingApprovalInfo(document.Id, document.ApproversNeeded, document.ExpiresAt);
    }

    /// <summary>
    /// Approves or rejects <paramref name="approvalId"/> as <paramref name="approver"/>, whose identity the host has
    /// already established (a bearer token, or the human who answered an elicitation, whom the host names apart
    /// from the agent).
    /// </summary>
    public async Task<ApprovalDecisionResult> DecideAsync(
        string approvalId, Principal approver, bool approve, string comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        var approverName = approver.Name;
        var now = time.GetUtcNow();
        var record = await store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new(ApprovalDecisionStatus.NotFound, $"No approval with id '{approvalId}'; list_pending_approvals shows the open ones.", null, []);
        }

        var doc = record.Request;
        if (!approver.IsInRole(PrincipalRole.Approver))
        {
            await AuditAsync(now, approverName, "approval_refused", doc, "not an approver", cancellationToken).ConfigureAwait(false);
            return new(ApprovalDecisionStatus.Refused, $"{approverName} does not hold the approver role; only approvers may approve or reject requests.", record, []);
        }

        if (string.Equals(approverName, doc.Requester, StringComparison.Ordinal))
        {
            await AuditAsync(now, approverName, "approval_refused", doc, "self-approval", cancellationToken).ConfigureAwait(false);
            return new(ApprovalDecisionStatus.Refused, $"{approverName} requested {doc.Id} and cannot approve or reject it; another approver must decide.", record, []);
        }

        var decided = new ApprovalEvent(now, approverName, approve ? "approved" : "rejected", comment);
        if (!approve)
        {
            var rejected = await store.RejectAsync(doc.Id, approverName, now, decided, cancellationToken).ConfigureAwait(false);
            return await FinishVoteAsync(rejected, doc, approverName, now, comment, cancellationToken).ConfigureAwait(false);
        }

        if (record.State == ApprovalState.Pending)
        {
            if (now >= doc.ExpiresAt)
            {
                // Let the store make the transition (and tell every replica) rather than deciding here.
                var late = await store.ApproveAsync(doc.Id, approverName, record.ApproversNeeded, now, decided, cancellationToken).ConfigureAwait(false);
                return await FinishVoteAsync(late, doc, approverName, now, comment, cancellationToken).ConfigureAwait(false);
            }

            // The guard again, with today's counters, freezes and configuration: what was fine when requested may not be now.
            var policy = doc.Policy is { } name ? configuration.Current.Policies.FirstOrDefault(p => p.Name == name) : null;
            var recheck = await guard.RecheckAsync(Tool, doc.ToGuardRequest(policy), cancellationToken).ConfigureAwait(false);
            var failed = recheck.Decision.Failed.ToList();
            if (doc.Policy is not null && policy is null)
            {
                failed.Add(new GuardCheck("policy", CheckStatus.Failed, $"policy '{doc.Policy}' is no longer configured"));
            }

            if (recheck.Decision.Outcome == GuardOutcome.WhatIf)
            {
                failed.Add(new GuardCheck(GuardChecks.OperatingMode, CheckStatus.Failed, "the requester is now in advisory mode: nothing may execute"));
            }

            if (failed.Count > 0)
            {
                // A racing approver may have completed it meanwhile (and its run spent the cooldown this check now sees).
                if (await store.GetAsync(doc.Id, cancellationToken).ConfigureAwait(false) is { State: not ApprovalState.Pending } moved)
                {
                    return new(ApprovalDecisionStatus.NotPending, $"{doc.Id} is {moved.State.ToWireName()}; nothing to decide.", moved, [], Parse(moved.ResultJson));
                }

                var reason = string.Join("; ", failed.Select(c => $"{c.Name}: {c.Detail}"));
                await store.AddEventAsync(doc.Id, new ApprovalEvent(now, approverName, "guard_denied", reason), cancellationToken).ConfigureAwait(false);
                await AuditAsync(now, approverName, "approval_guard_denied", doc, reason, cancellationToken).ConfigureAwait(false);
                return new(ApprovalDecisionStatus.GuardDenied,
                    $"The guard no longer allows {doc.Id}: {reason}. It stays pending until {doc.ExpiresAt:O}; approve again once that changes.",
                    await store.GetAsync(doc.Id, cancellationToken).ConfigureAwait(false), failed);
            }

            var needed = Math.Max(record.ApproversNeeded, recheck.Decision.ApprovalsRequired);
            var vote = await store.ApproveAsync(doc.Id, approverName, needed, now, decided, cancellationToken).ConfigureAwait(false);
            if (vote.Outcome != ApprovalVoteOutcome.Approved)
            {
                return await FinishVoteAsync(vote, doc, approverName, now, comment, cancellationToken).ConfigureAwait(false);
            }

            await AuditAsync(now, approverName, "approved", doc, $"{doc.Id} approved by {string.Join(", ", vote.Approvers)}: {comment}", cancellationToken).ConfigureAwait(false);
        }
        else if (record.State != ApprovalState.Approved)
        {
            var state = record.State == ApprovalState.Unknown
                ? "unknown: it may or may not have run (its server stopped mid-execution); an operator resolves it with POST /api/executions/{execution id}/resolve"
                : record.State.ToWireName();
            return new(ApprovalDecisionStatus.NotPending, $"{doc.Id} is {state}; nothing to decide.", record, [], Parse(record.ResultJson));
        }

        // Approved (just now, or earlier by a caller that did not get to claim it): exactly one claim wins.
        return await ClaimAndRunAsync(doc, approverName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pending approvals (expiring the ones that are due, and auditing that).</summary>
    public async Task<IReadOnlyList<ApprovalRecord>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (pending, expired) = await store.ListPendingAsync(now, max, cancellationToken).ConfigureAwait(false);
        foreach (var id in expired)
        {
            await audit.AppendAsync(new AuditRecord(now, ServerPrincipal, Tool, "expired", AuditChain.Digest(id), $"{id} expired without a decision"), cancellationToken).ConfigureAwait(false);
        }

        return pending;
    }

    /// <summary>One approval, or null.</summary>
    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken) => store.GetAsync(approvalId, cancellationToken);

    private async Task<ApprovalDecisionResult> ClaimAndRunAsync(ApprovalDocument doc, string approverName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await store.TryClaimAsync(doc.Id, new ApprovalEvent(now, approverName, "executing", "claimed for execution"), cancellationToken).ConfigureAwait(false))
        {
            return new(ApprovalDecisionStatus.AlreadyClaimed, $"{doc.Id} is approved and already claimed for execution by another approver or replica; it runs once.",
                await store.GetAsync(doc.Id, cancellationToken).ConfigureAwait(false), []);
        }

        var current = await store.GetAsync(doc.Id, cancellationToken).ConfigureAwait(false);
        ApprovedRequestResult outcome;
        if (!_handlers.TryGetValue(doc.Kind, out var handler))
        {
            outcome = Failure($"no handler is registered for kind '{doc.Kind}'; the request cannot run on this server");
        }
        else
        {
            var policy = doc.Policy is { } name ? configuration.Current.Policies.FirstOrDefault(p => p.Name == name) : null;
            try
            {
                // The claim is taken: finish what we started even if the caller goes away.
                outcome = await handler.ExecuteAsync(
                    new ApprovedRequest(doc.Id, doc.Kind, doc.ToGuardRequest(policy), doc.PayloadJson, current?.Approvers ?? [approverName]),
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                outcome = Failure($"the {doc.Kind} handler failed: {ex.Message}");
            }
        }

        var terminal = outcome.Status switch
        {
            "completed" => ApprovalState.Completed,
            "rolled_back" => ApprovalState.RolledBack,
            "unknown" => ApprovalState.Unknown,
            _ => ApprovalState.Failed,
        };
        var end = time.GetUtcNow();
        var resultJson = outcome.Result.GetRawText();
        await store.CompleteAsync(doc.Id, terminal, resultJson, new ApprovalEvent(end, ServerPrincipal, terminal.ToWireName(), outcome.Succeeded ? "ran" : "did not succeed"), CancellationToken.None).ConfigureAwait(false);
        await AuditAsync(end, approverName, terminal.ToWireName(), doc, $"{doc.Id} ran after approval: {terminal.ToWireName()}", CancellationToken.None).ConfigureAwait(false);
        return new(ApprovalDecisionStatus.Executed, $"{doc.Id} was approved and ran once: {terminal.ToWireName()}.",
            await store.GetAsync(doc.Id, CancellationToken.None).ConfigureAwait(false), [], outcome.Result);
    }

    private async Task<ApprovalDecisionResult> FinishVoteAsync(
        ApprovalVote vote, ApprovalDocument doc, string approverName, DateTimeOffset now, string comment, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(doc.Id, cancellationToken).ConfigureAwait(false);
        switch (vote.Outcome)
        {
            case ApprovalVoteOutcome.Recorded:
                await AuditAsync(now, approverName, "approval_recorded", doc, $"{doc.Id}: {vote.Approvers.Count} of {record?.ApproversNeeded} approvals: {comment}", cancellationToken).ConfigureAwait(false);
                return new(ApprovalDecisionStatus.Recorded,
                    $"Approval by {approverName} recorded: {vote.Approvers.Count} of {record?.ApproversNeeded} distinct approvers; it runs when another approver agrees.", record, []);
            case ApprovalVoteOutcome.Rejected:
                await AuditAsync(now, approverName, "rejected", doc, $"{doc.Id} rejected: {comment}", cancellationToken).ConfigureAwait(false);
                return new(ApprovalDecisionStatus.Rejected, $"{doc.Id} rejected by {approverName}; it will not run.", record, []);
            case ApprovalVoteOutcome.Duplicate:
                return new(ApprovalDecisionStatus.Refused, $"{approverName} already approved {doc.Id}; a second approval must come from a different approver.", record, []);
            case ApprovalVoteOutcome.SelfApproval:
                return new(ApprovalDecisionStatus.Refused, $"{approverName} requested {doc.Id} and cannot decide it.", record, []);
            case ApprovalVoteOutcome.Expired:
                await AuditAsync(now, ServerPrincipal, "expired", doc, $"{doc.Id} expired at {doc.ExpiresAt:O}; {approverName} was too late", cancellationToken).ConfigureAwait(false);
                return new(ApprovalDecisionStatus.Expired, $"{doc.Id} expired at {doc.ExpiresAt:O}; ask the requester to submit it again.", record, []);
            case ApprovalVoteOutcome.NotFound:
                return new(ApprovalDecisionStatus.NotFound, $"No approval with id '{doc.Id}'.", null, []);
            default:
                return new(ApprovalDecisionStatus.NotPending, $"{doc.Id} is {vote.State.ToWireName()}; nothing to decide.", record, [], Parse(record?.ResultJson));
        }
    }

    private static ApprovedRequestResult Failure(string reason) =>
        new(false, "failed", JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = reason }));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);

    private Task AuditAsync(DateTimeOffset now, string principal, string decision, ApprovalDocument doc, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(now, principal, Tool, decision, AuditChain.Digest(doc.Id + "\n" + doc.Requester + "\n" + string.Join(',', doc.Targets)),
            string.Create(CultureInfo.InvariantCulture, $"{doc.Action.ToWireName()} on {string.Join(", ", doc.Targets)}: {detail}")), cancellationToken);
}
