using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Remediation;

namespace ReliabilityMcp.Server.Approvals;

/// <summary>
/// The operator API's approvals and executions (approver and admin tokens; deciding needs the approver role):
/// list pending approvals with full context, read one, approve or reject it, read an execution and its audit entries,
/// list the executions whose outcome is unknown and resolve one.
/// </summary>
public static class ApprovalEndpoints
{
    // How far back GET /api/executions/{id} looks for audit entries naming the execution.
    private const int AuditLookback = 5000;

    /// <summary>Maps the endpoints onto the operator API group.</summary>
    public static RouteGroupBuilder MapApprovalEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/approvals", async (ApprovalService approvals, ExecutionSettlement settlement, CancellationToken ct, int max = 100) =>
        {
            var pending = await approvals.ListPendingAsync(Math.Clamp(max, 1, 500), ct);
            return TypedResults.Ok(new PendingApprovalsResult([.. pending.Select(ApprovalView.From)], pending.Count,
                await settlement.ListUnresolvedAsync(Math.Clamp(max, 1, 500), ct)));
        });
        api.MapGet("/approvals/{id}", async Task<Results<Ok<ApprovalView>, NotFound>> (string id, ApprovalService approvals, CancellationToken ct) =>
            await approvals.GetAsync(id, ct) is { } record ? TypedResults.Ok(ApprovalView.From(record)) : TypedResults.NotFound());
        api.MapPost("/approvals/{id}/approve", (string id, ApprovalDecisionBody? body, HttpContext http, ApprovalService approvals, CancellationToken ct) =>
            DecideAsync(id, approve: true, body, http, approvals, ct));
        api.MapPost("/approvals/{id}/reject", (string id, ApprovalDecisionBody? body, HttpContext http, ApprovalService approvals, CancellationToken ct) =>
            DecideAsync(id, approve: false, body, http, approvals, ct));
        api.MapGet("/executions/unresolved", async (ExecutionSettlement settlement, CancellationToken ct, int max = 100) =>
            TypedResults.Ok(await settlement.ListUnresolvedAsync(Math.Clamp(max, 1, 500), ct)));
        api.MapGet("/executions/{id}", GetExecutionAsync);
        api.MapPost("/executions/{id}/resolve", ResolveExecutionAsync);
        return api;
    }

    private static async Task<IResult> DecideAsync(string id, bool approve, ApprovalDecisionBody? body, HttpContext http, ApprovalService approvals, CancellationToken ct)
    {
        var comment = body?.Comment?.Trim() ?? "";
        if (comment.Length is 0 or > 1000)
        {
            return TypedResults.Problem("Send {\"comment\": \"why\"} with 1-1000 characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        // The bearer token is the approver's identity; the route's id is never a credential.
        var approver = PrincipalClaims.FromClaimsPrincipal(http.User)!;
        var result = ApproveRequestResult.From(await approvals.DecideAsync(id, approver, approve, comment, ct));
        var status = result.Status switch
        {
            ApprovalDecisionStatus.NotFound => StatusCodes.Status404NotFound,
            ApprovalDecisionStatus.Refused => StatusCodes.Status403Forbidden,
            ApprovalDecisionStatus.Expired or ApprovalDecisionStatus.NotPending or ApprovalDecisionStatus.GuardDenied => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status200OK,
        };
        return TypedResults.Json(result, statusCode: status);
    }

    private static async Task<IResult> ResolveExecutionAsync(string id, ExecutionResolveBody? body, HttpContext http, ExecutionSettlement settlement, CancellationToken ct)
    {
        var comment = body?.Comment?.Trim() ?? "";
        if (comment.Length is 0 or > 1000 || body?.Outcome is not ("completed" or "failed" or "rolled_back"))
        {
            return TypedResults.Problem("Send {\"outcome\": \"completed|failed|rolled_back\", \"comment\": \"what you found on the target\"} (comment 1-1000 characters).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await settlement.ResolveAsync(id, PrincipalClaims.FromClaimsPrincipal(http.User)!, body.Outcome, comment, ct);
        var status = result.Status switch
        {
            ExecutionResolutionStatus.NotFound => StatusCodes.Status404NotFound,
            ExecutionResolutionStatus.Refused => StatusCodes.Status403Forbidden,
            ExecutionResolutionStatus.NotUnknown => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status200OK,
        };
        return TypedResults.Json(result, statusCode: status);
    }

    private static async Task<Results<Ok<ExecutionView>, NotFound>> GetExecutionAsync(string id, IRemediationStore store, IAuditTrail audit, CancellationToken ct)
    {
        if (await store.GetExecutionAsync(id, ct) is not { } json)
        {
            return TypedResults.NotFound();
        }

        var execution = JsonSerializer.Deserialize<JsonElement>(json);
        var approvalId = execution.TryGetProperty("approvalId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var total = await audit.CountAsync(ct);
        var entries = new List<AuditEntry>();
        for (var from = Math.Max(1, total - AuditLookback + 1); from <= total; from += 1000)
        {
            foreach (var entry in await audit.ReadAsync(from, 1000, ct))
            {
                if (entry.Record.Detail.Contains(id, StringComparison.Ordinal) || (approvalId is not null && entry.Record.Detail.Contains(approvalId, StringComparison.Ordinal)))
                {
                    entries.Add(entry);
                }
            }
        }

        return TypedResults.Ok(new ExecutionView(execution, entries));
    }
}
