using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.Agent.Runbook;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Agent.Tests.Runbook;

public sealed class WatchLoopTests
{
    private const string Paging = """
        {"slos": [ {"service": "checkout", "name": "checkout-availability", "sliKind": "availability", "objective": 99.9, "verdict": "ok", "alert": "page",
          "budgetRemainingFraction": 0.5, "burnRates": [ {"window": "5m", "rate": 500, "total": 200, "bad": 100, "lowTraffic": false} ]} ]}
        """;

    private const string Ticket = """
        {"slos": [ {"service": "checkout", "name": "checkout-availability", "sliKind": "availability", "objective": 99.9, "verdict": "ok", "alert": "ticket",
          "budgetRemainingFraction": 0.5, "burnRates": [ {"window": "5m", "rate": 0.2, "total": 1000, "bad": 0, "lowTraffic": false} ]} ]}
        """;

    private readonly FakeAgentTools _tools = new() { SloStatusJson = Paging };
    private readonly ScriptedBrain _brain = new();

    private WatchLoop Sut(TimeProvider? time = null) =>
        new(_ => Task.FromResult<IAgentTools>(_tools), _brain, new AgentOptions { RetriageSeconds = 60 }, time ?? TimeProvider.System, NullLogger<WatchLoop>.Instance);

    [Fact]
    public async Task RunCycleAsync_EpisodeInProgress_DoesNotStartAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = Sut();

        var first = Assert.Single(await sut.RunCycleAsync(ct));
        var second = await sut.RunCycleAsync(ct);
        var during = sut.InProgress.ToList();
        await Poll.UntilAsync(() => _brain.Episodes.Count == 1, "the episode to start");
        Assert.True(_brain.Episodes.TryPeek(out var end));
        end.SetResult("recovered");
        await first.WaitAsync(ct);

        Assert.Empty(second);
        Assert.Equal(["checkout"], during);
        Assert.Empty(sut.InProgress);
    }

    [Fact]
    public async Task RunCycleAsync_AlertStillFiringAfterAHandledEpisode_WaitsUntilItClearsOrRises()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = Sut();
        _tools.SloStatusJson = Ticket;
        var first = Assert.Single(await sut.RunCycleAsync(ct));
        await Poll.UntilAsync(() => _brain.Episodes.Count == 1, "the episode to start");
        _brain.Episodes.Last().SetResult("not_recovered");
        await first.WaitAsync(ct);

        var sameTicket = await sut.RunCycleAsync(ct);
        _tools.SloStatusJson = Paging;
        var risenToPage = await sut.RunCycleAsync(ct);

        Assert.Empty(sameTicket);
        var page = Assert.Single(risenToPage);
        await Poll.UntilAsync(() => _brain.Episodes.Count == 2, "the page episode to start");
        _brain.Episodes.Last().SetResult("recovered");
        await page.WaitAsync(ct);
        _tools.SloStatusJson = """{"slos": []}""";
        Assert.Empty(await sut.RunCycleAsync(ct));
        _tools.SloStatusJson = Paging;
        var again = Assert.Single(await sut.RunCycleAsync(ct));
        await Poll.UntilAsync(() => _brain.Episodes.Count == 3, "the new page episode to start");
        _brain.Episodes.Last().SetResult("recovered");
        Assert.Equal("recovered", (await again.WaitAsync(ct)).End);
    }

    [Fact]
    public async Task RunCycleAsync_EpisodeEndedInError_IsRetriedNextCycle()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = Sut();
        var first = Assert.Single(await sut.RunCycleAsync(ct));
        await Poll.UntilAsync(() => _brain.Episodes.Count == 1, "the episode to start");
        _brain.Episodes.Last().SetResult("error");
        await first.WaitAsync(ct);

        var retried = Assert.Single(await sut.RunCycleAsync(ct));

        await Poll.UntilAsync(() => _brain.Episodes.Count == 2, "the retry to start");
        _brain.Episodes.Last().SetResult("recovered");
        Assert.Equal("recovered", (await retried.WaitAsync(ct)).End);
    }

    [Theory]
    [InlineData("denied")]
    [InlineData("no_action")]
    public async Task RunCycleAsync_EpisodeChangedNothing_TriagedAgainAfterTheRetriageDelayOnly(string end)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var sut = Sut(clock);
        var first = Assert.Single(await sut.RunCycleAsync(ct));
        await Poll.UntilAsync(() => _brain.Episodes.Count == 1, "the episode to start");
        _brain.Episodes.Last().SetResult(end);
        await first.WaitAsync(ct);

        clock.Now = clock.Now.AddSeconds(59);
        var tooSoon = await sut.RunCycleAsync(ct);
        clock.Now = clock.Now.AddSeconds(1);
        var retriaged = Assert.Single(await sut.RunCycleAsync(ct));

        Assert.Empty(tooSoon);
        await Poll.UntilAsync(() => _brain.Episodes.Count == 2, "the second triage to start");
        _brain.Episodes.Last().SetResult("recovered");
        Assert.Equal("recovered", (await retriaged.WaitAsync(ct)).End);

        // What acted is not retried, however long it keeps firing.
        clock.Now = clock.Now.AddHours(1);
        Assert.Empty(await sut.RunCycleAsync(ct));
    }

    [Fact]
    public async Task RunCycleAsync_TicketTriageChangedNothingThenPage_TriagesThePageAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var sut = Sut(clock);
        _tools.SloStatusJson = Ticket;
        var first = Assert.Single(await sut.RunCycleAsync(ct));
        await Poll.UntilAsync(() => _brain.Episodes.Count == 1, "the ticket episode to start");
        _brain.Episodes.Last().SetResult("denied");
        await first.WaitAsync(ct);

        _tools.SloStatusJson = Paging;
        var page = Assert.Single(await sut.RunCycleAsync(ct));

        await Poll.UntilAsync(() => _brain.Episodes.Count == 2, "the page episode to start");
        _brain.Episodes.Last().SetResult("recovered");
        Assert.Equal("recovered", (await page.WaitAsync(ct)).End);
    }
}
