using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Core.Tests.Incidents;

public sealed class EffectiveActionsCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_ThreeSimilarIncidents_WeightsSuccessBySimilarity()
    {
        // Hand-computed: rollback used by outcomes of incidents at 0.9 (ok), 0.6 (failed), 0.3 (ok):
        // W = 1.8, success weight = 1.2, rate = 2/3, confidence = 1.8 / 3.8, score = rate × confidence.
        // restart used twice (0.9 failed, 0.3 ok): listed, unranked.
        var incidents = new[]
        {
            Similar("inc-0000000000000001", 0.9, Outcome(true, ActionType.Rollback), Outcome(false, ActionType.Restart)),
            Similar("inc-0000000000000002", 0.6, Outcome(false, ActionType.Rollback)),
            Similar("inc-0000000000000003", 0.3, Outcome(true, ActionType.Rollback, ActionType.Restart)),
        };

        var sut = EffectiveActionsCalculator.Compute(incidents);

        Assert.Equal(EffectiveActions.Ranked, sut.Status);
        Assert.Equal(4, sut.OutcomeCount);
        var rollback = sut.Actions[0];
        Assert.Equal(ActionType.Rollback, rollback.Action);
        Assert.Equal(1, rollback.Rank);
        Assert.Equal(3, rollback.Count);
        Assert.Equal(2, rollback.Successes);
        Assert.Equal(1.8, rollback.Weight, 9);
        Assert.Equal(2.0 / 3.0, rollback.SuccessRate, 9);
        Assert.Equal(1.8 / 3.8, rollback.Confidence, 9);
        Assert.Equal(2.0 / 3.0 * (1.8 / 3.8), rollback.Score, 9);
        var restart = sut.Actions[1];
        Assert.Equal((ActionType.Restart, 2, 1, (int?)null), (restart.Action, restart.Count, restart.Successes, restart.Rank));
        Assert.Equal(0.3 / 1.2, restart.SuccessRate, 9);
    }

    [Fact]
    public void Compute_FewerThanThreeOutcomes_SaysInsufficientHistoryAndRanksNothing()
    {
        var incidents = new[]
        {
            Similar("inc-0000000000000001", 0.95, Outcome(true, ActionType.Rollback)),
            Similar("inc-0000000000000002", 0.9, Outcome(true, ActionType.Rollback)),
        };

        var sut = EffectiveActionsCalculator.Compute(incidents);

        Assert.Equal(EffectiveActions.InsufficientHistory, sut.Status);
        Assert.All(sut.Actions, a => Assert.Null(a.Rank));
        Assert.Contains("Insufficient history", sut.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_TwoActionsWithEqualRates_RanksTheOneWithMoreEvidenceFirst()
    {
        // Both always succeed; scale_out has W = 3 × 0.5 = 1.5 (confidence 1.5/3.5), failover W = 3 × 0.9 = 2.7 (2.7/4.7).
        var incidents = new[]
        {
            Similar("inc-0000000000000001", 0.5, Outcome(true, ActionType.ScaleOut), Outcome(true, ActionType.ScaleOut), Outcome(true, ActionType.ScaleOut)),
            Similar("inc-0000000000000002", 0.9, Outcome(true, ActionType.Failover), Outcome(true, ActionType.Failover), Outcome(true, ActionType.Failover)),
        };

        var sut = EffectiveActionsCalculator.Compute(incidents);

        Assert.Equal([ActionType.Failover, ActionType.ScaleOut], sut.Actions.Select(a => a.Action));
        Assert.Equal(2.7 / 4.7, sut.Actions[0].Score, 9);
        Assert.Equal(1.5 / 3.5, sut.Actions[1].Score, 9);
    }

    [Fact]
    public void Compute_ZeroSimilarity_CarriesNoWeight()
    {
        var incidents = new[]
        {
            Similar("inc-0000000000000001", 0, Outcome(true, ActionType.Restart), Outcome(true, ActionType.Restart), Outcome(true, ActionType.Restart)),
        };

        var sut = EffectiveActionsCalculator.Compute(incidents);

        Assert.Equal(0, sut.OutcomeCount);
        Assert.Empty(sut.Actions);
        Assert.Equal(EffectiveActions.InsufficientHistory, sut.Status);
    }

    [Fact]
    public void Compute_SameActionTwiceInOneOutcome_CountsOnce()
    {
        var twice = Outcome(true, ActionType.Restart, ActionType.Restart);
        var sut = EffectiveActionsCalculator.Compute([Similar("inc-0000000000000001", 1, twice, twice, twice)]);

        Assert.Equal(3, Assert.Single(sut.Actions).Count);
    }

    private static SimilarIncident Similar(string id, double similarity, params IncidentOutcome[] outcomes) =>
        new(new Incident(id, new NewIncident { Service = "checkout", Severity = IncidentSeverity.High, Title = "t", StartedAt = T0 }, T0, "agent"),
            similarity, outcomes);

    private static IncidentOutcome Outcome(bool success, params ActionType[] actions) =>
        new("out-0000000000000001",
            new NewOutcome { IncidentId = "inc-0000000000000001", Actions = [.. actions.Select(a => new IncidentAction(a, ["checkout"]))], Success = success, ResolutionMinutes = 10 },
            T0, "agent");
}
