namespace ReliabilityMcp.Core.Incidents;

/// <summary>An outcome as submitted: what was done about an incident and whether it worked.</summary>
public sealed record NewOutcome
{
    /// <summary>The incident this resolves (or tried to).</summary>
    public required string IncidentId { get; init; }

    /// <summary>Actions taken, in order.</summary>
    public required IReadOnlyList<IncidentAction> Actions { get; init; }

    /// <summary>Whether the actions resolved the incident.</summary>
    public required bool Success { get; init; }

    /// <summary>Minutes from the first action to resolution (or to giving up).</summary>
    public required double ResolutionMinutes { get; init; }

    /// <summary>Notes and lessons learned, free text.</summary>
    public string? Lessons { get; init; }
}
