using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>
/// SLO endpoints of the operator HTTP API: SLO state (approver and admin, like the rest of <c>/api</c>) and telemetry
/// ingestion at <c>POST /api/telemetry</c> (the <c>telemetry</c> role, or admin), documented in docs/slo.md.
/// </summary>
public static partial class SloEndpoints
{
    /// <summary>Largest ingestion request body, in bytes.</summary>
    public const long MaxBatchBytes = 16 * 1024 * 1024;

    /// <summary>Maps <c>GET /api/slos</c> on <paramref name="api"/> and <c>POST /api/telemetry</c> on <paramref name="endpoints"/>.</summary>
    /// <param name="api">The operator API group (approver/admin).</param>
    /// <param name="endpoints">The root, because ingestion has its own role requirement that the group's would override.</param>
    public static RouteGroupBuilder MapSloEndpoints(this RouteGroupBuilder api, IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(endpoints);
        api.MapGet("/slos", GetStatusAsync);
        endpoints.MapPost($"{Operator.OperatorApi.Prefix}/telemetry", IngestAsync)
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(
                PrincipalRoleNames.ToName(PrincipalRole.Telemetry), PrincipalRoleNames.ToName(PrincipalRole.Admin)));
        return api;
    }

    private static async Task<Results<Ok<SloStatusResult>, ProblemHttpResult>> GetStatusAsync(
        SloStatusQuery query, CancellationToken cancellationToken, string? service = null)
    {
        if (service is not null && !ConfigurationValidator.ServiceNamePattern().IsMatch(service))
        {
            return TypedResults.Problem("service must match ^[a-z0-9][a-z0-9-]{0,62}$, e.g. checkout; omit it for every service.", statusCode: StatusCodes.Status400BadRequest);
        }

        // The console shows every window's counts and the firing rules.
        return TypedResults.Ok(await query.ReadAsync(service, detail: true, cancellationToken));
    }

    private static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> IngestAsync(
        HttpContext http, SloService slo, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBatchBytes;
        }

        TelemetryBatch? batch;
        try
        {
            batch = await JsonSerializer.DeserializeAsync<TelemetryBatch>(http.Request.Body, SloJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(
                $"The body is not a telemetry batch ({ex.Message.Split(" Path:", 2)[0]} at {ex.Path}). Send {{\"batch_id\": \"...\", \"events\": [{{\"service\": \"checkout\", \"timestamp\": \"2026-11-21T10:15:00Z\", \"total\": 1200, \"good\": 1197}}]}}.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem($"The batch is larger than {MaxBatchBytes} bytes; split it.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (batch is null)
        {
            return TypedResults.Problem("The body is empty; send a telemetry batch.", statusCode: StatusCodes.Status400BadRequest);
        }

        IngestResult result;
        try
        {
            result = await slo.IngestAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogIngestFailed(loggers.CreateLogger(typeof(SloEndpoints)), ex.Message);
            return TypedResults.Problem("The store is unreachable; nothing was ingested. Retry with the same batch_id.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (result.Errors.Count > 0)
        {
            return TypedResults.Problem("The batch was rejected; nothing was ingested. Fix the listed events and resend.",
                statusCode: StatusCodes.Status400BadRequest, extensions: new Dictionary<string, object?> { ["errors"] = result.Errors });
        }

        return TypedResults.Ok(result);
    }

    [LoggerMessage(EventId = 6301, EventName = "TelemetryIngestFailed", Level = LogLevel.Warning,
        Message = "Telemetry batch could not be stored: {Problem}")]
    private static partial void LogIngestFailed(ILogger logger, string problem);
}
