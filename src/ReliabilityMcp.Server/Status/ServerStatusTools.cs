using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Server.Audit;
using ReliabilityMcp.Server.Hosting;
using ReliabilityMcp.Server.Store;

namespace ReliabilityMcp.Server.Status;

/// <summary>Read-only introspection of the server itself.</summary>
[McpServerToolType]
public sealed partial class ServerStatusTools(
    ServerRuntimeInfo runtime, TimeProvider timeProvider, IStoreConnection store, StoreEndpoint storeEndpoint, IReliabilityConfigurationSource configuration,
    ExploreReadAuditor exploreAudit, StoreSafetyCheck safety)
{
    /// <summary>Reports the server version, transport, the caller's identity and roles, and uptime.</summary>
    [McpServerTool(Name = "server_status", Title = "Server status", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(ServerStatus))]
    [Description("""
        Reports who you are to this server and what it is: server name and version, the transport in use
        ('stdio' or 'streamable-http'), the principal you are authenticated as and its roles ('agent' may request
        actions; 'approver' may approve other principals' requests; 'admin' operates the server), when the server
        started (UTC) and its uptime in seconds, whether the store answers (state-changing tools fail closed
        while it does not), and the operating mode (advisory: what-if only; approval; autonomous) and agent mode
        (explore: read-only; execute; escalate: always approval) in force for you. Takes no arguments, changes nothing, and is safe to call at any
        time, e.g. first in a session to learn which roles you hold before requesting remediations.
        Example result: {"server":"ReliabilityMcp","version":"1.0.0","transport":"stdio","principal":"alice","roles":["agent","approver"],"startedAt":"2025-01-01T08:00:00+00:00","uptimeSeconds":3600,"store":{"reachable":true,"endPoint":"127.0.0.1:6390","embedded":false,"latencyMs":0.4},"operatingMode":"advisory","agentMode":"execute"}
        """)]
    public async Task<CallToolResult> GetStatusAsync(ClaimsPrincipal? user, McpServer server, CancellationToken cancellationToken)
    {
        // Authentication ran before any tool: over HTTP the bearer-token handler, over stdio the local-user filter.
        var caller = PrincipalClaims.FromClaimsPrincipal(user)
            ?? throw new McpException("The caller is not authenticated, so the server cannot report an identity.");
        var now = timeProvider.GetUtcNow();
        var roles = caller.Roles.Order().Select(PrincipalRoleNames.ToName).ToArray();
        var storeStatus = await ProbeStoreAsync(cancellationToken).ConfigureAwait(false);
        var guard = configuration.Current.Guard;
        var status = new ServerStatus(
            ServerRuntimeInfo.Name,
            ServerRuntimeInfo.Version,
            runtime.Transport,
            caller.Name,
            roles,
            runtime.StartedAt,
            (long)(now - runtime.StartedAt).TotalSeconds,
            storeStatus,
            ModeName(guard.OperatingModeOf(caller.Name)),
            ModeName(guard.AgentModeOf(caller.Name)));

        await exploreAudit.AuditIfExploreAsync(caller, "server_status", () => string.Empty, () => "explore-mode status read", cancellationToken).ConfigureAwait(false);
        LogStatusServed(ClientLogger(server), caller.Name);

        return new CallToolResult
        {
            Content =
            [
                new TextContentBlock
                {
                    Text = $"{status.Server} {status.Version} over {status.Transport}; you are '{status.Principal}' with role(s) {string.Join(", ", roles)}; up {TimeSpan.FromSeconds(status.UptimeSeconds)}; operating mode {status.OperatingMode}, agent mode {status.AgentMode}; store {(storeStatus.Reachable ? $"reachable ({storeStatus.LatencyMs:0.##} ms)" : $"UNREACHABLE: {storeStatus.Error}")}.",
                },
            ],
            StructuredContent = JsonSerializer.SerializeToElement(status, McpJsonUtilities.DefaultOptions),
        };
    }

    private async Task<StoreStatus> ProbeStoreAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            var rtt = await store.PingAsync(budget.Token).ConfigureAwait(false);
            return new StoreStatus(true, store.EndPoint, storeEndpoint.IsEmbedded, rtt.TotalMilliseconds, null, Safety());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new StoreStatus(false, store.EndPoint, storeEndpoint.IsEmbedded, null,
                ex is OperationCanceledException ? "no answer within 2 s" : ex.Message, Safety());
        }
    }

    private string Safety() => safety.Refusal ?? safety.Verdict?.Detail ?? "script atomicity not checked yet";

    private static string ModeName<T>(T mode)
        where T : struct, Enum => JsonSerializer.Serialize(mode).Trim('"');

    // Log notifications reach the client only at or above the level it set with logging/setLevel.
#pragma warning disable MCP9005 // Deprecated from protocol 2026-07-28, still the way to notify 2025-era clients.
    private static ILogger ClientLogger(McpServer server) => server.AsClientLoggerProvider().CreateLogger("ReliabilityMcp.Status");
#pragma warning restore MCP9005

    [LoggerMessage(EventId = 1401, EventName = "ServerStatusServed", Level = LogLevel.Information,
        Message = "server_status served to principal {Principal}")]
    private static partial void LogStatusServed(ILogger logger, string principal);
}
