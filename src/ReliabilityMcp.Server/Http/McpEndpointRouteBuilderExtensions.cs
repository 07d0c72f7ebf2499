using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Http;

/// <summary>Maps the Streamable HTTP endpoint.</summary>
public static class McpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the stateless MCP endpoint at <c>Mcp:Http:Path</c> (default <c>/mcp</c>): POST carries JSON-RPC, GET and
    /// DELETE answer 405. Every method requires an authenticated caller with the agent, approver or admin role (bearer
    /// token, or anonymous over loopback when no token is configured). Named so it cannot collide with the SDK's <c>MapMcp</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The endpoint group, for further conventions.</returns>
    public static RouteGroupBuilder MapReliabilityMcp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<McpHttpOptions>>().Value;
        // Agents, approvers and admins; a telemetry sender's token only feeds the SLO ingestion and may not call tools.
        var group = endpoints.MapGroup(options.Path).RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(
            PrincipalRoleNames.Agent, PrincipalRoleNames.Approver, PrincipalRoleNames.Admin));
        group.MapPost("", (HttpContext context, StreamableHttpEndpoint endpoint) => endpoint.HandlePostAsync(context));
        group.MapMethods("", [HttpMethods.Get, HttpMethods.Delete], StreamableHttpEndpoint.HandleMethodNotAllowedAsync);
        return group;
    }
}
