namespace ReliabilityMcp.Server.Incidents;

/// <summary>What historically worked, weighted by similarity.</summary>
/// <param name="Status"><c>ranked</c> or <c>insufficient_history</c>.</param>
/// <param name="OutcomeCount">Outcomes considered.</param>
/// <param name="Note">One sentence on how to read it.</param>
/// <param name="Actions">Ranked actions first, then unranked ones.</param>
public sealed record EffectiveActionsView(string Status, int OutcomeCount, string Note, IReadOnlyList<ActionEffectivenessView> Actions);
