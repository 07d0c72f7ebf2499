using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Server.Audit;

namespace ReliabilityMcp.Server.Slo;

/// <summary>SLOs and error budgets, read-only.</summary>
[McpServerToolType]
public sealed partial class SloTools(SloStatusQuery query, ExploreReadAuditor exploreAudit, ILogger<SloTools> logger)
{
    /// <summary>SLO state per service and the agents' own reliability.</summary>
    [McpServerTool(Name = "slo_status", Title = "SLOs and error budgets", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(SloStatusResult))]
    [Description("""
        Returns the service level objectives of one service (or of every service when service is omitted): the SLI over
        the rolling window (availability = good/total requests; latency = share of requests at or under the threshold),
        the objective in percent, the error budget (total and remaining, as events and as a fraction: 1 = untouched,
        0 or less = exhausted), burn rates (error ratio / (1 - objective)) over 5m, 30m, 1h, 2h, 6h, 1d and 3d, the
        Google SRE Workbook multi-window alerts (page: 1h and 5m >= 14.4, or 6h and 30m >= 6; ticket: 1d and 2h >= 3,
        or 3d and 6h >= 1; a ticket is suppressed while a page fires), hours to budget exhaustion at the current 1h
        burn, and verdict low_traffic instead of a judgement when a window has fewer events than the SLO's minimum.
        Set detail to true for each burn window's total and bad events and every firing rule.
        Also the agents' own SLIs over the last 7 days from the guard's decisions: policy compliance (share not
        denied), human intervention rate (share needing approval) and mode adherence. While an SLO's budget is
        exhausted or a page fires, autonomous MEDIUM-and-above actions on that service need approval and chaos is refused.
        Example: {"service": "checkout"}
        """)]
    public async Task<CallToolResult> SloStatusAsync(
        ClaimsPrincipal? user,
        [Description("Service name as in the service graph, e.g. \"checkout\"; omit for every service.")] string? service = null,
        [Description("false (default): burn rates only; true: each burn window's total and bad events too, and every multi-window rule that fires.")] bool detail = false,
        CancellationToken cancellationToken = default)
    {
        var caller = PrincipalClaims.FromClaimsPrincipal(user)
            ?? throw new McpException("The caller is not authenticated.");
        if (service is not null && !ConfigurationValidator.ServiceNamePattern().IsMatch(service))
        {
            throw new McpException($"'service' must match ^[a-z0-9][a-z0-9-]{{0,62}}$ (e.g. \"checkout\") or be omitted for every service; got \"{(service.Length <= 64 ? service : service[..64] + "…")}\".");
        }

        var result = await query.ReadAsync(service, detail, cancellationToken).ConfigureAwait(false);
        await exploreAudit.AuditIfExploreAsync(caller, "slo_status", () => service ?? "*",
            () => $"explore-mode read of SLOs for {service ?? "every service"}: {result.Slos.Count} SLO(s)", cancellationToken).ConfigureAwait(false);
        LogStatus(logger, caller.Name, service ?? "*", result.Slos.Count);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Summarise(result) }],
            StructuredContent = JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions),
        };
    }

    private static string Summarise(SloStatusResult r)
    {
        var sb = new StringBuilder();
        if (r.Slos.Count == 0)
        {
            sb.Append(r.Service is null ? "No SLOs are defined." : $"No SLOs are defined for {r.Service}.");
        }

        foreach (var s in r.Slos)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{s.Service}/{s.Name} ({s.Objective}% over {s.WindowDays}d): ");
            sb.Append(s.Verdict switch
            {
                "unknown" => "unknown",
                "low_traffic" => $"low traffic ({s.TotalEvents} of {s.MinEvents} events needed)",
                _ => string.Create(CultureInfo.InvariantCulture,
                    $"SLI {s.Sli * 100:0.###}%, {ErrorBudgetText.Describe(s.BudgetRemainingFraction)}, 1h burn {s.BurnRates.FirstOrDefault(b => b.Window == "1h")?.Rate:0.##}"),
            });
            if (s.Alert != SloAlertTier.None)
            {
                sb.Append(CultureInfo.InvariantCulture, $", {s.Alert.ToString().ToUpperInvariant()} alert");
            }

            sb.Append(". ");
        }

        if (r.StoreProblem is { } problem)
        {
            sb.Append("Counters unavailable: ").Append(problem).Append('.');
        }

        return sb.ToString().TrimEnd();
    }

    [LoggerMessage(EventId = 6101, EventName = "SloStatusRead", Level = LogLevel.Debug,
        Message = "slo_status by {Principal} for {Service}: {Count} SLO(s)")]
    private static partial void LogStatus(ILogger logger, string principal, string service, int count);
}
