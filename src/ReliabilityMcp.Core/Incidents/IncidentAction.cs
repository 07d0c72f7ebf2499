using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>One action taken while resolving an incident.</summary>
/// <param name="Action">The typed action (restart, rollback, ...).</param>
/// <param name="Targets">What it was applied to (service or resource names).</param>
/// <param name="Detail">Optional free-text detail (e.g. "rolled back to v2.14.3").</param>
public sealed record IncidentAction(ActionType Action, IReadOnlyList<string> Targets, string? Detail = null);
