namespace ReliabilityMcp.ServiceDefaults;

/// <summary>Names shared by every service: activity sources, meters, health endpoints.</summary>
public static class ServiceDefaultsConstants
{
    /// <summary>Root name of our ActivitySources and Meters (<c>ReliabilityMcp.*</c>).</summary>
    public const string TelemetryPrefix = "ReliabilityMcp";

    /// <summary>Readiness endpoint (includes the store).</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness endpoint.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Tag that puts a health check into the liveness set served at <see cref="AlivePath"/>.</summary>
    public const string LiveTag = "live";

    /// <summary>Environment variable (or configuration key) that turns on OTLP export when set.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
}
