using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ReliabilityMcp.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry wiring with the core SDK only (OpenTelemetry.Extensions.Hosting is not obtainable here):
/// the tracer and meter providers are built with <see cref="Sdk"/>, owned by the DI container (so they flush and
/// dispose on shutdown) and created at startup by <see cref="TelemetryActivator"/>.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// Adds OTLP export of logs, metrics and traces when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured. Without
    /// an endpoint nothing listens, so activities are not even created: no cost for a stdio session on a laptop.
    /// The exporter reads the standard <c>OTEL_EXPORTER_OTLP_*</c> and <c>OTEL_SERVICE_NAME</c> environment variables.
    /// </summary>
    /// <typeparam name="TBuilder">A web or generic host builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddDefaultTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = builder.Configuration[ServiceDefaultsConstants.OtlpEndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        void ConfigureResource(ResourceBuilder resource) => resource.AddService(serviceName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(CreateResource(ConfigureResource));
            logging.AddOtlpExporter();
        });

        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(ConfigureResource)
            .AddSource([.. TelemetrySources.ActivitySources])
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            // The filter must run before the exporter's processor so a dropped probe is never exported.
            .AddProcessor(new HealthCheckTraceFilter())
            .AddOtlpExporter()
            .Build());

        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(ConfigureResource)
            .AddMeter([.. TelemetrySources.Meters])
            .AddOtlpExporter()
            .Build());

        builder.Services.AddSingleton(new TelemetryExportSettings(endpoint, serviceName));
        builder.Services.AddHostedService<TelemetryActivator>();
        return builder;
    }

    private static ResourceBuilder CreateResource(Action<ResourceBuilder> configure)
    {
        var resource = ResourceBuilder.CreateDefault();
        configure(resource);
        return resource;
    }
}
