using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>An outcome as tools return it.</summary>
public sealed record OutcomeView(
    string Id,
    string IncidentId,
    IReadOnlyList<OutcomeActionView> Actions,
    bool Success,
    double ResolutionMinutes,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string? Lessons = null)
{
    /// <summary>The view of <paramref name="outcome"/>.</summary>
    public static OutcomeView From(IncidentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var d = outcome.Details;
        return new OutcomeView(outcome.Id, d.IncidentId, [.. d.Actions.Select(a => new OutcomeActionView(a.Action.ToWireName(), a.Targets, a.Detail))],
            d.Success, d.ResolutionMinutes, outcome.RecordedAt, outcome.RecordedBy, d.Lessons);
    }
}
