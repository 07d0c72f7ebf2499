using ReliabilityMcp.ServiceDefaults;
using ReliabilityMcp.Server.Http;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Answers 403 to any request whose <c>Host</c> or <c>Origin</c> is not allowed by <see cref="HostOriginValidator"/>,
/// before authentication runs. Health probes are exempt: load balancers address them by IP, and they reveal
/// nothing but a status word.
/// </summary>
internal sealed partial class DnsRebindingProtectionMiddleware(RequestDelegate next, HostOriginValidator validator, ILogger<DnsRebindingProtectionMiddleware> logger)
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
            LogRejected("Host", context.Request.Host.Value ?? "");
            return JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status403Forbidden, JsonRpcErrorResponse.ServerErrorCode,
                "Forbidden: the Host header does not name this server. Add the host name to Mcp:Http:AllowedHosts if it is legitimate.",
                context.RequestAborted);
        }

        var origin = context.Request.Headers.Origin;
        if (origin.Count > 0 && (origin.Count > 1 || !validator.IsAllowedOrigin(origin.ToString())))
        {
            LogRejected("Origin", origin.ToString());
            return JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status403Forbidden, JsonRpcErrorResponse.ServerErrorCode,
                "Forbidden: the Origin is not allowed. Add it to Mcp:Http:AllowedOrigins if it is legitimate.",
                context.RequestAborted);
        }

        return next(context);
    }

    [LoggerMessage(EventId = 1102, EventName = "DnsRebindingRejected", Level = LogLevel.Warning,
        Message = "Rejected a request with a disallowed {Header} header '{Value}' (DNS-rebinding protection)")]
    private partial void LogRejected(string header, string value);
}
