using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Hosting;

namespace ReliabilityMcp.Server.Status;

/// <summary>Read-only introspection of the server itself.</summary>
[McpServerToolType]
public sealed partial class ServerStatusTools(ServerRuntimeInfo runtime, TimeProvider timeProvider)
{
    /// <summary>Reports the server version, transport, the caller's identity and roles, and uptime.</summary>
    [McpServerTool(Name = "server_status", Title = "Server status", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(ServerStatus))]
    [Description("""
        Reports who you are to this server and what it is: server name and version, the transport in use
        ('stdio' or 'streamable-http'), the principal you are authenticated as and its roles ('agent' may request
        actions; 'approver' may approve other principals' requests; 'admin' operates the server), when the server
        started (UTC) and its uptime in seconds. Takes no arguments, changes nothing, and is safe to call at any
        time, e.g. first in a session to learn which roles you hold before requesting remediations.
        Example result: {"server":"ReliabilityMcp","version":"1.0.0","transport":"stdio","principal":"alice","roles":["agent","approver"],"startedAt":"2025-01-01T08:00:00+00:00","uptimeSeconds":3600}
        """)]
    public CallToolResult GetStatus(ClaimsPrincipal? user, McpServer server)
    {
        // Authentication ran before any tool: over HTTP the bearer-token handler, over stdio the local-user filter.
        var caller = PrincipalClaims.FromClaimsPrincipal(user)
            ?? throw new McpException("The caller is not authenticated, so the server cannot report an identity.");
        var now = timeProvider.GetUtcNow();
        var roles = caller.Roles.Order().Select(PrincipalRoleNames.ToName).ToArray();
        var status = new ServerStatus(
            ServerRuntimeInfo.Name,
            ServerRuntimeInfo.Version,
            runtime.Transport,
            caller.Name,
            roles,
            runtime.StartedAt,
            (long)(now - runtime.StartedAt).TotalSeconds);

        LogStatusServed(ClientLogger(server), caller.Name);

        return new CallToolResult
        {
            Content =
            [
                new TextContentBlock
                {
                    Text = $"{status.Server} {status.Version} over {status.Transport}; you are '{status.Principal}' with role(s) {string.Join(", ", roles)}; up {TimeSpan.FromSeconds(status.UptimeSeconds)}.",
                },
            ],
            StructuredContent = JsonSerializer.SerializeToElement(status, McpJsonUtilities.DefaultOptions),
        };
    }

    // Log notifications reach the client only at or above the level it set with logging/setLevel.
#pragma warning disable MCP9005 // Deprecated from protocol 2026-07-28, still the way to notify 2025-era clients.
    private static ILogger ClientLogger(McpServer server) => server.AsClientLoggerProvider().CreateLogger("ReliabilityMcp.Status");
#pragma warning restore MCP9005

    [LoggerMessage(EventId = 1401, EventName = "ServerStatusServed", Level = LogLevel.Information,
        Message = "server_status served to principal {Principal}")]
    private static partial void LogStatusServed(ILogger logger, string principal);
}
