using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ReliabilityMcp.ServiceDefaults;

/// <summary>
/// Resolves the tracer and meter providers when the host starts, so sources are subscribed before the first
/// request (OpenTelemetry.Extensions.Hosting would do this; it is not available here). The container owns the
/// providers and disposes them, flushing pending exports, when the host stops.
/// </summary>
internal sealed partial class TelemetryActivator(
    TracerProvider tracerProvider,
    MeterProvider meterProvider,
    TelemetryExportSettings settings,
    ILogger<TelemetryActivator> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The parameters exist to force creation; referencing them keeps the intent visible.
        GC.KeepAlive(tracerProvider);
        GC.KeepAlive(meterProvider);
        LogExportEnabled(settings.Endpoint, settings.ServiceName);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, EventName = "TelemetryExportEnabled", Level = LogLevel.Information,
        Message = "OpenTelemetry export enabled: OTLP endpoint {Endpoint}, service name {ServiceName}")]
    private partial void LogExportEnabled(string endpoint, string serviceName);
}
