using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Configuration;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Decides <see cref="ChangesStateRequirement"/>. With <c>Mcp:ReadOnly</c> nobody may list or call a state-changing tool.
/// An explore-mode principal (read-only tools only, DESIGN §4) does not see them in <c>tools/list</c>; if it calls one
/// anyway, the call still reaches the guard (or the tool's own check), which denies it as a recorded decision, the
/// structured answer an agent reasons about, rather than a protocol error.
/// </summary>
internal sealed class ChangesStateAuthorizationHandler(HotReloadingConfigurationSource configuration, IOptionsMonitor<ToolAccessOptions> options)
    : AuthorizationHandler<ChangesStateRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ChangesStateRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.CurrentValue.ReadOnly)
        {
            return Task.CompletedTask;
        }

        if (context.Resource is RequestContext<ListToolsRequestParams>
            && PrincipalClaims.FromClaimsPrincipal(context.User) is { } caller
            && configuration.Current.Guard.AgentModeOf(caller.Name) == AgentMode.Explore)
        {
            return Task.CompletedTask;
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
