using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Approvals;
using ReliabilityMcp.Server.Audit;
using ReliabilityMcp.Server.Chaos;
using ReliabilityMcp.Server.Configuration;
using ReliabilityMcp.Server.Incidents;
using ReliabilityMcp.Server.Resources;
using ReliabilityMcp.Server.Slo;

namespace ReliabilityMcp.Server.Operator;

/// <summary>
/// The operator HTTP API (JSON), for approver and admin tokens only: the audit trail (paged), its verification,
/// the caller's identity (/api/me), and the configuration in force. Later features (approvals, SLOs, chaos) add their endpoints to this group.
/// </summary>
public static class OperatorApi
{
    /// <summary>Path prefix.</summary>
    public const string Prefix = "/api";

    /// <summary>Maps the operator API.</summary>
    public static RouteGroupBuilder MapOperatorApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(
                PrincipalRoleNames.ToName(PrincipalRole.Approver), PrincipalRoleNames.ToName(PrincipalRole.Admin)))
            .AddEndpointFilter(StoreUnavailableFilter.InvokeAsync);

        api.MapGet("/me", (ClaimsPrincipal user) => PrincipalClaims.FromClaimsPrincipal(user) is { } me
            ? Results.Ok(new { principal = me.Name, roles = me.Roles.Select(PrincipalRoleNames.ToName).Order(StringComparer.Ordinal).ToArray() })
            : Results.Unauthorized());
        api.MapGet("/audit", GetAuditAsync);
        api.MapGet("/audit/verify", async (IAuditTrail audit, CancellationToken ct) => TypedResults.Ok(await audit.VerifyAsync(ct)));
        api.MapGet("/configuration", (HotReloadingConfigurationSource source) => TypedResults.Ok(new
        {
            path = source.FilePath,
            version = source.Version,
            lastReloadErrors = source.LastErrors,
            configuration = source.Current,
        }));
        api.MapApprovalEndpoints();
        api.MapChaosEndpoints();
        api.MapSloEndpoints(endpoints);
        api.MapIncidentEndpoints();
        api.MapSloHistoryEndpoint();
        api.MapResourceEndpoints();
        endpoints.MapTeamAlertInbox();
        return api;
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> GetAuditAsync(
        IAuditTrail audit, CancellationToken cancellationToken, long from = 1, int count = 100)
    {
        try
        {
            return TypedResults.Ok(await AuditPage.ReadAsync(audit, from, count, cancellationToken));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return TypedResults.Problem(ex.Message.Split(" (Parameter", 2)[0], statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
