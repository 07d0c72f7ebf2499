namespace ReliabilityMcp.ServiceDefaults;

/// <summary>What telemetry export was configured with, for the startup log line.</summary>
/// <param name="Endpoint">The OTLP endpoint.</param>
/// <param name="ServiceName">The <c>service.name</c> resource attribute.</param>
internal sealed record TelemetryExportSettings(string Endpoint, string ServiceName);
