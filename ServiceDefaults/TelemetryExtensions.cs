using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ReliabilityMcp.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>OpenTelemetry as Aspire's ServiceDefaults template wires it, with our own sources and meters.</summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// Logs, metrics (ASP.NET Core, HttpClient, runtime, ours) and traces (ASP.NET Core without health probes,
    /// HttpClient, ours), exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (Aspire sets it for every
    /// resource). Without an endpoint nothing is registered: no cost for a stdio session on a laptop.
    /// </summary>
    /// <typeparam name="TBuilder">A web or generic host builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddDefaultTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration[ServiceDefaultsConstants.OtlpEndpointKey]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter([.. TelemetrySources.Meters]))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource([.. TelemetrySources.ActivitySources])
                // An orchestrator polls the probes every few seconds; their spans would drown the traces that matter.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>Whether <paramref name="path"/> is <c>/health</c> or <c>/alive</c>.</summary>
    public static bool IsHealthProbe(PathString path) =>
        path.Equals(ServiceDefaultsConstants.HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(ServiceDefaultsConstants.AlivePath, StringComparison.OrdinalIgnoreCase);
}
