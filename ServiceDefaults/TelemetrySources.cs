namespace ReliabilityMcp.ServiceDefaults;

/// <summary>
/// The ActivitySource and Meter names every service subscribes to. OpenTelemetry.Extensions.Hosting and the
/// instrumentation packages are not obtainable here, so we listen to what .NET 10 emits natively, by name
/// (names checked against the 10.0 shared framework assemblies and ModelContextProtocol.Core 2.3.1).
/// </summary>
public static class TelemetrySources
{
    /// <summary>ActivitySources traced by default.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } =
    [
        // ASP.NET Core hosting creates one activity per request (Microsoft.AspNetCore.Hosting.HttpRequestIn).
        "Microsoft.AspNetCore",
        // HttpClient (System.Net.Http.HttpRequestOut) for outgoing calls: webhooks, LLM endpoints.
        "System.Net.Http",
        // The MCP SDK's per-message spans (Diagnostics.ActivitySource in ModelContextProtocol.Core).
        "Experimental.ModelContextProtocol",
        // Ours: ReliabilityMcp, ReliabilityMcp.Guard, ReliabilityMcp.Store, ... (wildcards are supported).
        ServiceDefaultsConstants.TelemetryPrefix,
        ServiceDefaultsConstants.TelemetryPrefix + ".*",
    ];

    /// <summary>Meters collected by default.</summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Experimental.ModelContextProtocol",
        ServiceDefaultsConstants.TelemetryPrefix,
        ServiceDefaultsConstants.TelemetryPrefix + ".*",
    ];
}
