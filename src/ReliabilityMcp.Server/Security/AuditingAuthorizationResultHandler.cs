using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using ReliabilityMcp.Server.Audit;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Audits every request the authorization middleware refuses (401: no valid credentials; 403: a principal without
/// the role), then answers as ASP.NET Core's default handler does (issue 17: refused calls are audited too).
/// </summary>
internal sealed class AuditingAuthorizationResultHandler(RefusalAuditor auditor) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            await auditor.RecordHttpAsync(context, StatusCodes.Status401Unauthorized, "no valid bearer token");
        }
        else if (authorizeResult.Forbidden)
        {
            await auditor.RecordHttpAsync(context, StatusCodes.Status403Forbidden, "the principal's roles do not allow this endpoint");
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
