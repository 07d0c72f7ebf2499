namespace ReliabilityMcp.Core.Policies;

/// <summary>
/// Telemetry the server measured itself (SLO ingestion and scraping), as opposed to what an agent reports: the guard
/// checks a named policy against it, so an agent cannot name a policy the service's real state does not match.
/// </summary>
public interface IObservedTelemetry
{
    /// <summary>What the server measured of <paramref name="service"/> recently, or null when it holds nothing to judge by.</summary>
    Task<TelemetrySnapshot?> GetAsync(string service, CancellationToken cancellationToken);
}
