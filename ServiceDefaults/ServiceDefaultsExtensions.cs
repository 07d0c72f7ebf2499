using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.ServiceDefaults;

// Same namespace as Aspire's ServiceDefaults so `builder.AddServiceDefaults()` needs no using in Program.cs.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Service conventions shared by every ReliabilityMcp process, shaped like Aspire's ServiceDefaults: OpenTelemetry
/// (logs, metrics, traces; OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks served at
/// <c>/health</c> and <c>/alive</c>, service discovery on every HttpClient, per-request logging off.
/// Unlike the template, no standard resilience handler on every HttpClient: the server's executor, webhook and chaos
/// calls are exactly-once with timeouts of their own, the agent's MCP stream outlives any request timeout, and the demo
/// estate must show a fault as it happens (a circuit breaker kept checkout failing after a fault was cleared).
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Adds telemetry, the default health checks, service discovery and quiet request logging.</summary>
    /// <typeparam name="TBuilder">A web or generic host builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDefaultTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        // Names that are not services (an IP, a webhook's host) pass through unchanged.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
        QuietPerRequestLogging(builder);
        return builder;
    }

    /// <summary>
    /// ASP.NET Core's request lines and HttpClient's four lines per call at Information are ~50,000 lines a minute
    /// under the demo load: Warning by default. Configuration (<c>Logging:LogLevel:...</c>) still wins.
    /// </summary>
    private static void QuietPerRequestLogging(IHostApplicationBuilder builder)
    {
        foreach (var category in new[] { "Microsoft.AspNetCore", "System.Net.Http.HttpClient" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }
    }

    /// <summary>
    /// Registers the health-check service with a "self" liveness check. Features add their own checks through
    /// <c>services.AddHealthChecks().AddCheck(...)</c>; untagged checks count for readiness only, checks tagged
    /// <see cref="ServiceDefaultsConstants.LiveTag"/> for liveness too.
    /// </summary>
    /// <typeparam name="TBuilder">A web or generic host builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [ServiceDefaultsConstants.LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (readiness: every registered check, the store included once it is wired) and
    /// <c>/alive</c> (liveness: only checks tagged <see cref="ServiceDefaultsConstants.LiveTag"/>). They carry no
    /// data beyond the status word, so they are open to the orchestrator without credentials.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(ServiceDefaultsConstants.HealthPath);
        app.MapHealthChecks(ServiceDefaultsConstants.AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(ServiceDefaultsConstants.LiveTag),
        });
        return app;
    }
}
