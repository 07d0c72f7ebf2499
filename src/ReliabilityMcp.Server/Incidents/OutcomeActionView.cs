namespace ReliabilityMcp.Server.Incidents;

/// <summary>One action of an outcome.</summary>
/// <param name="Action">Action type wire name.</param>
/// <param name="Targets">What it was applied to.</param>
/// <param name="Detail">Free-text detail.</param>
public sealed record OutcomeActionView(string Action, IReadOnlyList<string> Targets, string? Detail = null);
