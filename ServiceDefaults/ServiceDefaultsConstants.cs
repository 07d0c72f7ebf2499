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
}
