using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Slo;

/// <summary>The guard's SLO gate (shared/DESIGN.md §4, SLO-gated autonomy).</summary>
public sealed class SloGateTests
{
    private static readonly GuardCounters NoCounters = new();

    private static SloGateSignals Signals(double remaining, bool page = false, bool lowTraffic = false, string target = "search") =>
        new(new Dictionary<string, SloSignal?> { [target] = new SloSignal(target, "search-availability", remaining, remaining * 100, 0, page ? 20 : 0.5, page, lowTraffic) });

    private static GuardCheck Gate(GuardDecision d) => Assert.Single(d.Checks, c => c.Name == GuardChecks.SloBudget);

    [Fact]
    public void Decide_ExhaustedBudget_AutonomousMediumActionNeedsApprovalNamingTheSlo()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.Rollback), NoCounters, Now, Signals(remaining: -0.2));

        Assert.Equal(RiskClass.Medium, d.Risk.Risk);
        Assert.Equal(GuardOutcome.NeedsApproval, d.Outcome);
        Assert.Equal(1, d.ApprovalsRequired);
        Assert.Equal(CheckStatus.NeedsApproval, Gate(d).Status);
        Assert.Contains("SLO 'search-availability' on search: error budget exhausted", Gate(d).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ChaosOnAnOverspentBudget_RefusalSaysHowManyBudgetsWereSpentNotANegativePercentage()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.ChaosExperiment), NoCounters, Now, Signals(remaining: -286.995));

        Assert.Equal(CheckStatus.Failed, Gate(d).Status);
        Assert.Contains("SLO 'search-availability' on search: error budget exhausted, overspent 288×", Gate(d).Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("-", Gate(d).Detail.Replace("search-availability", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SameActionWithBudgetLeft_Allows()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.Rollback), NoCounters, Now, Signals(remaining: 0.4));

        Assert.Equal(GuardOutcome.Allow, d.Outcome);
        Assert.Equal(CheckStatus.Passed, Gate(d).Status);
    }

    [Fact]
    public void Decide_PageAlert_GatesEvenWithBudgetLeft()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.Rollback), NoCounters, Now, Signals(remaining: 0.8, page: true));

        Assert.Equal(GuardOutcome.NeedsApproval, d.Outcome);
        Assert.Contains("page-level burn alert", Gate(d).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ExhaustedBudgetLowRisk_StillRunsAutonomously()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.Restart), NoCounters, Now, Signals(remaining: -1));

        Assert.Equal(RiskClass.Low, d.Risk.Risk);
        Assert.Equal(GuardOutcome.Allow, d.Outcome);
        Assert.Contains("not gating: LOW risk", Gate(d).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_LowTraffic_DoesNotGate()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.Rollback), NoCounters, Now, Signals(remaining: -3, lowTraffic: true));

        Assert.Equal(GuardOutcome.Allow, d.Outcome);
    }

    [Theory]
    [InlineData(0.0999, CheckStatus.Failed)]   // nearly spent: under the default 10 %
    [InlineData(0.1, CheckStatus.Passed)]
    [InlineData(-0.5, CheckStatus.Failed)]
    public void Decide_Chaos_RefusedWhileBudgetNearlySpent(double remaining, CheckStatus expected)
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.ChaosExperiment), NoCounters, Now, Signals(remaining));

        Assert.Equal(expected, Gate(d).Status);
        if (expected == CheckStatus.Failed)
        {
            Assert.Equal(GuardOutcome.Deny, d.Outcome);
            Assert.StartsWith("chaos refused: SLO 'search-availability' on search", Gate(d).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decide_SloStateUnknown_FailsClosedForTheGate()
    {
        var sut = new Guard(Estate());

        var medium = sut.Decide(Request(ActionType.Rollback), NoCounters, Now, SloGateSignals.Unavailable("store down"));
        var chaos = sut.Decide(Request(ActionType.ChaosExperiment), NoCounters, Now, SloGateSignals.Unavailable("store down"));

        Assert.Equal(GuardOutcome.NeedsApproval, medium.Outcome);
        Assert.Equal(GuardOutcome.Deny, chaos.Outcome);
        Assert.Contains("store down", Gate(chaos).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoSignals_GatePassesAndIsReportedLast()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(ActionType.Rollback), NoCounters, Now);

        Assert.Equal(GuardChecks.SloBudget, d.Checks[^1].Name);
        Assert.Equal(CheckStatus.Passed, Gate(d).Status);
    }
}
