using System.Globalization;
using System.Text.Json;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Server.Remediation;

namespace ReliabilityMcp.Server.Operator;

/// <summary>
/// The operator console as the team's inbox: <c>POST /api/team-alerts</c> is the receiving end of a signed webhook
/// executor named <see cref="Executor"/> (the shipped <c>alert_team</c>). It accepts only bodies signed with that
/// executor's secret (<c>Executors:team-alerts:Secret</c>) within five minutes, and writes each alert into the audit trail
/// (tool <c>team_alert</c>), which the console's Tool calls and Audit trail views show. Point <c>alert_team</c> at your
/// pager or chat webhook instead to reach people outside the console.
/// </summary>
internal static partial class TeamAlertInbox
{
    /// <summary>The executor whose secret signs the alerts this inbox accepts.</summary>
    public const string Executor = "team-alerts";

    /// <summary>The audited tool name of a delivered alert.</summary>
    public const string Tool = "team_alert";

    private const int MaxBodyBytes = 64 * 1024;
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>Maps the inbox on <paramref name="endpoints"/> (outside the approver-only group: the signature authenticates it).</summary>
    public static void MapTeamAlertInbox(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost($"{OperatorApi.Prefix}/team-alerts", ReceiveAsync).AllowAnonymous();

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IConfiguration configuration, IAuditTrail audit, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (configuration[WebhookExecutor.SecretKey(Executor)] is not { Length: > 0 } secret)
        {
            return TypedResults.Problem($"the team-alert inbox is off: no secret at {WebhookExecutor.SecretKey(Executor)}", statusCode: StatusCodes.Status404NotFound);
        }

        var (body, truncated) = await BoundedOutput.ReadAsync(http.Request.Body, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (truncated
            || !long.TryParse(http.Request.Headers[WebhookSignature.TimestampHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > MaxSkew
            || !WebhookSignature.Verify(secret, timestamp, body, http.Request.Headers[WebhookSignature.SignatureHeader]))
        {
            return TypedResults.Problem("not a signed alert from this server's team-alerts executor (or older than five minutes)", statusCode: StatusCodes.Status401Unauthorized);
        }

        TeamAlert alert;
        try
        {
            alert = JsonSerializer.Deserialize<TeamAlert>(body) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"the alert is not the webhook executor's JSON body ({ex.Message})", statusCode: StatusCodes.Status400BadRequest);
        }

        if (alert.Phase == "inverse")
        {
            // An alert cannot be taken back; acknowledging the inverse keeps the executor's report honest.
            return TypedResults.Ok(new { delivered = false, reason = "an alert cannot be unsent" });
        }

        var detail = $"alert for {string.Join(", ", alert.Targets ?? [])} from {alert.Requester}" +
            (alert.Approvers is { Count: > 0 } approvers ? $" (approved by {string.Join(", ", approvers)})" : "") +
            $", execution {alert.ExecutionId}: {alert.Justification}";
        var entry = await audit.AppendAsync(
            new AuditRecord(now, alert.Requester ?? "unknown", Tool, "delivered", AuditChain.Digest(body), detail), cancellationToken).ConfigureAwait(false);
        LogAlert(loggers.CreateLogger(typeof(TeamAlertInbox).FullName!), string.Join(", ", alert.Targets ?? []), alert.Requester ?? "unknown", entry.Sequence);
        return TypedResults.Ok(new { delivered = true, auditSequence = entry.Sequence });
    }

    [LoggerMessage(EventId = 5301, EventName = "TeamAlertDelivered", Level = LogLevel.Warning,
        Message = "Team alert for {Targets} from {Requester}: audit entry {Sequence}")]
    private static partial void LogAlert(ILogger logger, string targets, string requester, long sequence);

    private sealed record TeamAlert(
        [property: System.Text.Json.Serialization.JsonPropertyName("execution_id")] string? ExecutionId,
        [property: System.Text.Json.Serialization.JsonPropertyName("phase")] string? Phase,
        [property: System.Text.Json.Serialization.JsonPropertyName("targets")] IReadOnlyList<string>? Targets,
        [property: System.Text.Json.Serialization.JsonPropertyName("requester")] string? Requester,
        [property: System.Text.Json.Serialization.JsonPropertyName("approvers")] IReadOnlyList<string>? Approvers,
        [property: System.Text.Json.Serialization.JsonPropertyName("justification")] string? Justification);
}
