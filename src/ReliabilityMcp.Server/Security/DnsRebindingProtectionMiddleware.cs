using ReliabilityMcp.ServiceDefaults;
using ReliabilityMcp.Server.Audit;
using ReliabilityMcp.Server.Http;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Answers 403 to any request whose <c>Host</c> or <c>Origin</c> is not allowed by <see cref="HostOriginValidator"/>,
/// before authentication runs. Health probes are exempt: load balancers address them by IP, and they reveal
/// nothing but a status word.
/// </summary>
internal sealed partial class DnsRebindingProtectionMiddleware(
    RequestDelegate next, HostOriginValidator validator, RefusalAuditor auditor, ILogger<DnsRebindingProtectionMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals(ServiceDefaultsConstants.HealthPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(ServiceDefaultsConstants.AlivePath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        if (!validator.IsAllowedHost(context.Request.Host))
        {
            LogRejected("Host", Truncate(context.Request.Host.Value ?? ""));
            return RefuseAsync(context, "the Host header does not name this server",
                "Forbidden: the Host header does not name this server. Add the host name to Mcp:Http:AllowedHosts if it is legitimate.");
        }

        var origin = context.Request.Headers.Origin;
        if (origin.Count > 0 && (origin.Count > 1 || !validator.IsAllowedOrigin(origin.ToString())))
        {
            LogRejected("Origin", Truncate(origin.ToString()));
            return RefuseAsync(context, "the Origin is not allowed",
                "Forbidden: the Origin is not allowed. Add it to Mcp:Http:AllowedOrigins if it is legitimate.");
        }

        return next(context);
    }

    private async Task RefuseAsync(HttpContext context, string reason, string message)
    {
        await auditor.RecordHttpAsync(context, StatusCodes.Status403Forbidden, reason);
        await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status403Forbidden, JsonRpcErrorResponse.ServerErrorCode, message, context.RequestAborted);
    }

    // Header values are attacker-controlled; keep log lines bounded.
    private static string Truncate(string value) => value.Length <= 128 ? value : value[..128] + "…";

    [LoggerMessage(EventId = 1102, EventName = "DnsRebindingRejected", Level = LogLevel.Warning,
        Message = "Rejected a request with a disallowed {Header} header '{Value}' (DNS-rebinding protection)")]
    private partial void LogRejected(string header, string value);
}
