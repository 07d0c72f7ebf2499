namespace ReliabilityMcp.Core.Policies;

/// <summary>What the guard knows of a request's targets from the server's own telemetry.</summary>
/// <param name="ByTarget">Each target's measured telemetry (absent: the server holds none for it).</param>
/// <param name="Problem">Why the telemetry could not be read (store down, timeout); a named policy then fails closed.</param>
public sealed record ObservedTelemetry(IReadOnlyDictionary<string, TelemetrySnapshot> ByTarget, string? Problem = null)
{
    /// <summary>Telemetry that could not be read.</summary>
    public static ObservedTelemetry Unavailable(string problem) => new(new Dictionary<string, TelemetrySnapshot>(), problem);
}
