namespace ReliabilityMcp.Core.Incidents;

/// <summary>Wire names of <see cref="IncidentSeverity"/>.</summary>
public static class IncidentSeverityNames
{
    /// <summary>All wire names, least severe first.</summary>
    public static IReadOnlyList<string> All { get; } = ["low", "medium", "high", "critical"];

    /// <summary>The wire name of <paramref name="severity"/>.</summary>
    public static string ToWireName(this IncidentSeverity severity) => All[(int)severity];

    /// <summary>Parses a wire name (exact, lower-case).</summary>
    public static bool TryParse(string? name, out IncidentSeverity severity)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], name, StringComparison.Ordinal))
            {
                severity = (IncidentSeverity)i;
                return true;
            }
        }

        severity = default;
        return false;
    }
}
