using ReliabilityMcp.Core.Guardrails;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Guardrails;

public sealed class FreezeCalendarTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void ActiveFreeze_WeeklyOvernightInNewYork_OpensAndClosesOnLocalWallClock()
    {
        // Friday 17:00 to Saturday 09:00 in New York (EST, UTC-5 in late November).
        var freeze = new ChangeFreeze { Name = "weekend", TimeZone = "America/New_York", Days = ["fri"], From = new(17, 0), To = new(9, 0) };
        var opens = new DateTimeOffset(2026, 11, 20, 22, 0, 0, TimeSpan.Zero);
        var closes = new DateTimeOffset(2026, 11, 21, 14, 0, 0, TimeSpan.Zero);

        Assert.Null(FreezeCalendar.ActiveFreeze([freeze], opens - Tick));
        Assert.Equal(closes, FreezeCalendar.ActiveFreeze([freeze], opens)!.Value.EndsAt);
        Assert.NotNull(FreezeCalendar.ActiveFreeze([freeze], closes - Tick));
        Assert.Null(FreezeCalendar.ActiveFreeze([freeze], closes));
    }

    [Fact]
    public void ActiveFreeze_AbsoluteAcrossSpringForward_IsTwoRealHours()
    {
        // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST. 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z.
        var freeze = new ChangeFreeze { Name = "migration", TimeZone = "Europe/Berlin", Start = new(2026, 3, 29, 1, 0, 0), End = new(2026, 3, 29, 4, 0, 0) };
        var start = new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero);

        Assert.Null(FreezeCalendar.ActiveFreeze([freeze], start - Tick));
        Assert.NotNull(FreezeCalendar.ActiveFreeze([freeze], start));
        Assert.NotNull(FreezeCalendar.ActiveFreeze([freeze], end - Tick));
        Assert.Null(FreezeCalendar.ActiveFreeze([freeze], end));
    }

    [Fact]
    public void ActiveFreeze_EndInRepeatedFallBackHour_UsesFirstOccurrence()
    {
        // New York 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice. First = 05:30Z.
        var freeze = new ChangeFreeze { Name = "night", TimeZone = "America/New_York", Start = new(2026, 11, 1, 0, 0, 0), End = new(2026, 11, 1, 1, 30, 0) };
        var end = new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero);

        Assert.NotNull(FreezeCalendar.ActiveFreeze([freeze], end - Tick));
        Assert.Null(FreezeCalendar.ActiveFreeze([freeze], end));
    }

    [Fact]
    public void ToInstant_TimeInSpringForwardGap_MapsToEndOfGap()
    {
        var zone = ZonedTime.FindZone("America/New_York")!;

        var instant = ZonedTime.ToInstant(new DateTime(2026, 3, 8, 2, 30, 0), zone);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void Guard_FreezeStartedOneTickAgo_DeniesMediumButLetsLowRun()
    {
        var start = Now.AddMinutes(5);
        var freeze = new ChangeFreeze { Name = "release", TimeZone = "Asia/Tokyo", Start = ZonedTime.ToLocal(start, ZonedTime.FindZone("Asia/Tokyo")!), End = ZonedTime.ToLocal(start.AddHours(2), ZonedTime.FindZone("Asia/Tokyo")!) };
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = OperatingMode.Autonomous, ChangeFreezes = [freeze] }));

        Assert.Equal(GuardOutcome.Allow, sut.Decide(Request(Actions.ActionType.Rollback), new GuardCounters(), start - Tick).Outcome);
        var during = sut.Decide(Request(Actions.ActionType.Rollback), new GuardCounters(), start);
        Assert.Equal(GuardOutcome.Deny, during.Outcome);
        Assert.Equal(start.AddHours(2), during.Checks.Single(c => c.Name == GuardChecks.ChangeFreeze).RetryAfter);
        Assert.Equal(GuardOutcome.Allow, sut.Decide(Request(Actions.ActionType.Restart), new GuardCounters(), start).Outcome);
    }

    [Fact]
    public void Guard_OutsideBusinessHours_HighRiskNeedsApproval()
    {
        var hours = new BusinessHours { TimeZone = "Europe/London", From = new(9, 0), To = new(17, 0), MinRisk = RiskClass.Medium };
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = OperatingMode.Autonomous, BusinessHours = hours }));
        var weekdayNoon = new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
        var weekdayEvening = new DateTimeOffset(2026, 11, 18, 17, 0, 0, TimeSpan.Zero);

        Assert.Equal(GuardOutcome.Allow, sut.Decide(Request(Actions.ActionType.Rollback), new GuardCounters(), weekdayNoon).Outcome);
        Assert.Equal(GuardOutcome.NeedsApproval, sut.Decide(Request(Actions.ActionType.Rollback), new GuardCounters(), weekdayEvening).Outcome);
        Assert.Equal(GuardOutcome.Allow, sut.Decide(Request(Actions.ActionType.Restart), new GuardCounters(), weekdayEvening).Outcome);
    }
}
