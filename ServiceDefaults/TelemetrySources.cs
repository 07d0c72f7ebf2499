namespace ReliabilityMcp.ServiceDefaults;

/// <summary>
/// The ActivitySource and Meter names every service subscribes to beyond the instrumentation packages (ASP.NET Core,
/// HttpClient, runtime): ours and the MCP SDK's.
/// </summary>
public static class TelemetrySources
{
    /// <summary>ActivitySources traced by default.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } =
    [
        // The MCP SDK's per-message spans (Diagnostics.ActivitySource in ModelContextProtocol.Core).
        "Experimental.ModelContextProtocol",
        // Ours: ReliabilityMcp.Guard, ReliabilityMcp.Store, ReliabilityMcp.Agent, ... (wildcards are supported).
        ServiceDefaultsConstants.TelemetryPrefix,
        ServiceDefaultsConstants.TelemetryPrefix + ".*",
    ];

    /// <summary>Meters collected by default (tool calls, guard decisions, approvals, chaos, SLO ingest are ours).</summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "System.Net.NameResolution",
        "Experimental.ModelContextProtocol",
        ServiceDefaultsConstants.TelemetryPrefix,
        ServiceDefaultsConstants.TelemetryPrefix + ".*",
    ];
}
