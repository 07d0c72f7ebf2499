namespace ReliabilityMcp.Server.Incidents;

/// <summary>One outcome of a seed incident.</summary>
internal sealed record SeedOutcome(List<IncidentActionInput> Actions, bool Success, double ResolutionMinutes, string? Lessons);
