using System.Net;

namespace ReliabilityMcp.Server.Security;

/// <summary>Decides whether a request provably comes from this machine.</summary>
internal static class LoopbackRequest
{
    /// <summary>
    /// True when both ends of the connection are loopback addresses and no proxy forwarded the request. A reverse
    /// proxy on the same host connects over loopback on behalf of remote callers; its forwarding headers give it
    /// away, and such a request must not inherit the trust given to local processes.
    /// </summary>
    public static bool IsLocal(HttpContext context)
    {
        var connection = context.Connection;
        return connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            && connection.LocalIpAddress is { } local && IPAddress.IsLoopback(local)
            && !context.Request.Headers.ContainsKey("Forwarded")
            && !context.Request.Headers.ContainsKey("X-Forwarded-For");
    }
}
