namespace ReliabilityMcp.Core.Incidents;

/// <summary>Restrictions on a vector search, applied in the index (VSIM FILTER), not after it.</summary>
/// <param name="Service">Only this service.</param>
/// <param name="Severity">Only this severity.</param>
/// <param name="Since">Only incidents that started at or after this time.</param>
public sealed record IncidentSearchFilter(string? Service, IncidentSeverity? Severity, DateTimeOffset? Since)
{
    /// <summary>No restriction.</summary>
    public static IncidentSearchFilter None { get; } = new(null, null, null);
}
