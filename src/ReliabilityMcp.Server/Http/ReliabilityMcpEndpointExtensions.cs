using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Http;

/// <summary>Maps the Streamable HTTP endpoint.</summary>
public static class ReliabilityMcpEndpointExtensions
{
    /// <summary>
    /// Maps the SDK's Streamable HTTP endpoint (<c>MapMcp</c>, stateless) at <c>Mcp:Http:Path</c> (default <c>/mcp</c>).
    /// Every method requires an authenticated caller with the agent, approver or admin role (bearer token, or anonymous
    /// over loopback when no token is configured); POST bodies pass <see cref="McpRequestBodyGuard"/> first.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The endpoint conventions, for further conventions.</returns>
    public static IEndpointConventionBuilder MapReliabilityMcp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<McpHttpOptions>>().Value;
        var mcp = endpoints.MapMcp(options.Path);
        // Agents, approvers and admins; a telemetry sender's token only feeds the SLO ingestion and may not call tools.
        mcp.RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(
            PrincipalRoleNames.Agent, PrincipalRoleNames.Approver, PrincipalRoleNames.Admin));
        mcp.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is { } sdk)
            {
                endpoint.RequestDelegate = context => McpRequestBodyGuard.InvokeAsync(context, options.MaxRequestBodyBytes, sdk);
            }
        });
        return mcp;
    }
}
