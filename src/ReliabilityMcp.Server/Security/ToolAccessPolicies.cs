using Microsoft.AspNetCore.Authorization;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Authorization of tools through the SDK's filters (<c>AddAuthorizationFilters</c>): <c>tools/list</c> shows a caller
/// only the tools its policies allow, and a call to any other is refused before the tool runs. Roles are claims
/// (<c>[Authorize(Roles = ...)]</c> on a tool); every tool not annotated read-only also carries <see cref="ChangesState"/>.
/// </summary>
public static class ToolAccessPolicies
{
    /// <summary>The policy on every tool that may change state (see <see cref="ChangesStateRequirement"/>).</summary>
    public const string ChangesState = "ReliabilityMcp.ChangesState";

    /// <summary>Registers authorization, <see cref="ChangesState"/>, and <c>Mcp:ReadOnly</c>.</summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <returns>The same builder.</returns>
    public static IMcpServerBuilder AddToolAccess(this IMcpServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ToolAccessOptions>().BindConfiguration(ToolAccessOptions.SectionName);
        builder.Services.AddAuthorizationCore(options => options.AddPolicy(ChangesState, policy => policy.AddRequirements(new ChangesStateRequirement())));
        builder.Services.AddSingleton<IAuthorizationHandler, ChangesStateAuthorizationHandler>();
        return builder.AddAuthorizationFilters();
    }
}
