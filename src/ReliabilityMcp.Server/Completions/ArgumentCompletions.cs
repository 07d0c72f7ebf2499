using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Configuration;

namespace ReliabilityMcp.Server.Completions;

/// <summary>
/// <c>completion/complete</c> (MCP completion utility) for prompt arguments and resource-template parameters, by
/// argument name, whatever prompt or template asks: <c>service</c> (the service graph and SLO services), <c>slo</c>
/// (SLO names), <c>severity</c>, <c>template</c> (chaos templates) and <c>approval_id</c> (pending approvals the caller
/// may see: its own requests, or every one for an approver or admin). Values start with what was typed
/// (case-insensitive), sorted, at most <see cref="MaxValues"/> as the spec allows; an unknown argument gets none.
/// </summary>
internal static class ArgumentCompletions
{
    /// <summary>The most values one answer may carry (MCP completion utility).</summary>
    internal const int MaxValues = 100;

    private static readonly string[] Severities = ["low", "medium", "high", "critical"];

    /// <summary>The handler for <see cref="McpServerBuilderExtensions.WithCompleteHandler"/>.</summary>
    public static async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var argument = context.Params?.Argument;
        var services = context.Services ?? throw new InvalidOperationException("A completion request without services.");
        var configuration = services.GetRequiredService<HotReloadingConfigurationSource>().Current;
        IEnumerable<string> candidates = argument?.Name switch
        {
            "service" => configuration.Services.Keys.Concat(configuration.Slos.Objectives.Select(slo => slo.Service)),
            "slo" => configuration.Slos.Objectives.Select(slo => slo.Name),
            "severity" => Severities,
            "template" => configuration.Chaos.Templates.Keys,
            "approval_id" => await VisibleApprovalIdsAsync(services, PrincipalClaims.FromClaimsPrincipal(context.User), cancellationToken).ConfigureAwait(false),
            _ => [],
        };

        var typed = argument?.Value ?? "";
        var matches = candidates.Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new CompleteResult
        {
            Completion = new Completion { Values = [.. matches.Take(MaxValues)], Total = matches.Count, HasMore = matches.Count > MaxValues },
        };
    }

    private static async Task<IEnumerable<string>> VisibleApprovalIdsAsync(IServiceProvider services, Principal? caller, CancellationToken cancellationToken)
    {
        if (caller is null)
        {
            return [];
        }

        var pending = await services.GetRequiredService<ApprovalService>().ListPendingAsync(200, cancellationToken).ConfigureAwait(false);
        var seesAll = caller.IsInRole(PrincipalRole.Approver) || caller.IsInRole(PrincipalRole.Admin);
        return pending.Where(record => seesAll || record.Request.Requester == caller.Name).Select(record => record.Request.Id);
    }
}
