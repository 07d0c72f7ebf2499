namespace ReliabilityMcp.Server.Remediation;

/// <summary>A before- or after-check of one target's health probe.</summary>
/// <param name="Target">The service.</param>
/// <param name="Phase"><c>before</c> or <c>after</c>.</param>
/// <param name="Healthy">Whether the expected status came back.</param>
/// <param name="Url">The probe URL.</param>
/// <param name="Attempts">Probes made.</param>
/// <param name="Detail">One sentence.</param>
/// <param name="StatusCode">The status received, if any.</param>
public sealed record HealthCheckReport(string Target, string Phase, bool Healthy, string Url, int Attempts, string Detail, int? StatusCode = null);
