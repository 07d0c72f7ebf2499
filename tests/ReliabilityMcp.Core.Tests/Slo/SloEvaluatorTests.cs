using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Tests.Slo;

public sealed class SloEvaluatorTests
{
    private static readonly SloDefinition Availability = new()
    {
        Service = "checkout", Name = "checkout-availability", Objective = 99.9, WindowDays = 30, MinEvents = 100,
    };

    /// <summary>Every burn window and the rolling window with the same counts, then overrides.</summary>
    private static SloObservation Observe(SloCounts all, params (string Window, SloCounts Counts)[] overrides)
    {
        var burn = SloWindow.BurnWindows.ToDictionary(w => w.Name, _ => all);
        foreach (var (w, c) in overrides)
        {
            burn[w] = c;
        }

        return new SloObservation(all, burn);
    }

    private static SloCounts Bad(long total, long bad) => new(total, total - bad);

    [Fact]
    public void Evaluate_SteadyTenthOfAPercentErrorsOn999_BurnsAtOneEverywhereAndSpendsExactlyTheBudget()
    {
        // 1000 requests a minute for 30 days, 1 in 1000 failing: 43,200,000 events, 43,200 bad.
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(43_200_000, 43_200)));

        Assert.All(sut.BurnRates, b => Assert.Equal(1.0, b.Rate, 9));
        Assert.Equal(0.999, sut.Sli!.Value, 12);
        Assert.Equal(43_200, sut.BudgetTotalEvents, 6);
        Assert.Equal(0, sut.BudgetRemainingEvents, 6);
        Assert.Equal(0, sut.BudgetRemainingFraction, 9);
        Assert.Equal(SloAlertTier.Ticket, sut.Alert); // 3d and 6h at burn 1: the Workbook's slowest ticket rule
        Assert.Equal(TimeSpan.Zero, sut.TimeToExhaustion);
    }

    [Fact]
    public void Evaluate_HalfTheAllowedErrors_BurnsAtHalfAndLeavesHalf()
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(2_000_000, 1_000)));

        Assert.All(sut.BurnRates, b => Assert.Equal(0.5, b.Rate, 9));
        Assert.Equal(2_000, sut.BudgetTotalEvents, 6);
        Assert.Equal(1_000, sut.BudgetRemainingEvents, 6);
        Assert.Equal(0.5, sut.BudgetRemainingFraction, 9);
        Assert.Equal(SloAlertTier.None, sut.Alert);
        // Half of a 30-day budget left, burning at 0.5 per hour-window: 30 d × 0.5 / 0.5 = 30 days.
        Assert.Equal(TimeSpan.FromDays(30), sut.TimeToExhaustion);
        Assert.False(sut.BudgetExhausted);
    }

    [Fact]
    public void Evaluate_OutageOverspends_RemainingIsNegativeAndExhausted()
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(100_000, 250)));

        Assert.Equal(100, sut.BudgetTotalEvents, 6);
        Assert.Equal(-150, sut.BudgetRemainingEvents, 6);
        Assert.Equal(-1.5, sut.BudgetRemainingFraction, 9);
        Assert.True(sut.BudgetExhausted);
    }

    [Theory]
    [InlineData(144, 144, SloAlertTier.Page)]    // 1h and 5m both exactly 14.4
    [InlineData(144, 143, SloAlertTier.None)]    // 5m one event short: the page clears
    [InlineData(143, 144, SloAlertTier.None)]    // 1h one event short
    [InlineData(145, 145, SloAlertTier.Page)]
    public void Evaluate_FastPageRule_FiresExactlyAt14Point4(long bad1h, long bad5m, SloAlertTier expected)
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(10_000, 0), ("1h", Bad(10_000, bad1h)), ("5m", Bad(10_000, bad5m))));

        Assert.Equal(expected, sut.Alert);
    }

    [Theory]
    [InlineData(60, 60, SloAlertTier.Page)]      // 6h and 30m exactly 6
    [InlineData(60, 59, SloAlertTier.None)]
    [InlineData(59, 60, SloAlertTier.None)]
    public void Evaluate_SlowPageRule_FiresExactlyAt6(long bad6h, long bad30m, SloAlertTier expected)
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(10_000, 0), ("6h", Bad(10_000, bad6h)), ("30m", Bad(10_000, bad30m))));

        Assert.Equal(expected, sut.Alert);
    }

    [Theory]
    [InlineData(30, 30, SloAlertTier.Ticket)]    // 1d and 2h exactly 3
    [InlineData(30, 29, SloAlertTier.None)]
    [InlineData(29, 30, SloAlertTier.None)]
    public void Evaluate_FastTicketRule_FiresExactlyAt3(long bad1d, long bad2h, SloAlertTier expected)
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(10_000, 0), ("1d", Bad(10_000, bad1d)), ("2h", Bad(10_000, bad2h))));

        Assert.Equal(expected, sut.Alert);
    }

    [Theory]
    [InlineData(10, 10, SloAlertTier.Ticket)]    // 3d and 6h exactly 1
    [InlineData(10, 9, SloAlertTier.None)]
    [InlineData(9, 10, SloAlertTier.None)]
    public void Evaluate_SlowTicketRule_FiresExactlyAt1(long bad3d, long bad6h, SloAlertTier expected)
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(10_000, 0), ("3d", Bad(10_000, bad3d)), ("6h", Bad(10_000, bad6h))));

        Assert.Equal(expected, sut.Alert);
    }

    [Fact]
    public void Evaluate_PageAndTicketBothFire_TicketIsSuppressed()
    {
        // Everything at burn 20: all four rules fire.
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(10_000, 200)));

        Assert.Equal(SloAlertTier.Page, sut.Alert);
        Assert.Equal(4, sut.Alerts.Count);
        Assert.All(sut.Alerts, a => Assert.Equal(a.Tier == SloAlertTier.Ticket, a.Suppressed));
    }

    [Fact]
    public void Evaluate_FewerEventsThanMinimum_FlagsLowTrafficInsteadOfAlertingOrExhausting()
    {
        // One bad request out of ten on a 99.5 % SLO would "burn" at 20 and overspend the budget 20 times over.
        var slo = Availability with { Objective = 99.5, MinEvents = 100 };

        var sut = SloEvaluator.Evaluate(slo, Observe(Bad(10, 1)));

        Assert.True(sut.LowTraffic);
        Assert.All(sut.BurnRates, b => Assert.True(b.LowTraffic));
        Assert.Equal(SloAlertTier.None, sut.Alert);
        Assert.False(sut.BudgetExhausted);
    }

    [Fact]
    public void Evaluate_ExactlyTheMinimum_GivesAVerdict()
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(100, 100)));

        Assert.False(sut.LowTraffic);
        Assert.True(sut.BudgetExhausted);
        Assert.Equal(SloAlertTier.Page, sut.Alert);
    }

    [Fact]
    public void Evaluate_NoEvents_HasNoSliAndAnUntouchedBudget()
    {
        var sut = SloEvaluator.Evaluate(Availability, Observe(default));

        Assert.Null(sut.Sli);
        Assert.Equal(1, sut.BudgetRemainingFraction);
        Assert.True(sut.LowTraffic);
        Assert.Null(sut.TimeToExhaustion);
    }

    [Fact]
    public void Evaluate_QuarterLeftBurningAt2_ExhaustsIn3Point75Days()
    {
        // Window: 100,000 events, 75 bad of 100 allowed (25 % left). Last hour: 1000 events, 2 bad = burn 2.
        var sut = SloEvaluator.Evaluate(Availability, Observe(Bad(100_000, 75), ("1h", Bad(1_000, 2))));

        Assert.Equal(0.25, sut.BudgetRemainingFraction, 9);
        Assert.Equal(2, sut.Burn("1h"), 9);
        Assert.Equal(TimeSpan.FromDays(30 * 0.25 / 2), sut.TimeToExhaustion);
    }

    [Fact]
    public void Worst_PrefersPageAlertThenLeastBudget()
    {
        var healthy = SloEvaluator.Evaluate(Availability, Observe(Bad(100_000, 10)));
        var spent = SloEvaluator.Evaluate(Availability with { Name = "latency" }, Observe(Bad(100_000, 90)));

        var sut = SloEvaluator.Worst("checkout", [healthy, spent]);

        Assert.Equal("latency", sut!.Slo);
        Assert.Equal(0.1, sut.BudgetRemainingFraction, 9);
        Assert.False(sut.PageAlert);
    }
}
