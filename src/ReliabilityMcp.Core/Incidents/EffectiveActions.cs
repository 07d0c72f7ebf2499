namespace ReliabilityMcp.Core.Incidents;

/// <summary>What historically worked for incidents like this one.</summary>
/// <param name="Status"><c>ranked</c>, or <c>insufficient_history</c> when fewer than three outcomes were found.</param>
/// <param name="OutcomeCount">Outcomes considered.</param>
/// <param name="Actions">Ranked actions first (best first), then unranked ones by count.</param>
/// <param name="Note">A sentence for the caller, e.g. why nothing is ranked.</param>
public sealed record EffectiveActions(string Status, int OutcomeCount, IReadOnlyList<ActionEffectiveness> Actions, string Note)
{
    /// <summary>Status when actions are ranked.</summary>
    public const string Ranked = "ranked";

    /// <summary>Status when there are too few outcomes to rank anything.</summary>
    public const string InsufficientHistory = "insufficient_history";
}
