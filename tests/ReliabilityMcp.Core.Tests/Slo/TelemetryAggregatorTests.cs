using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Tests.Slo;

public sealed class TelemetryAggregatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 0, 30, TimeSpan.Zero);

    private static readonly SloSettings Settings = new()
    {
        Objectives =
        [
            new SloDefinition { Service = "checkout", Name = "avail", Objective = 99.9 },
            new SloDefinition { Service = "checkout", Name = "fast", Sli = SliKind.Latency, LatencyThresholdMs = 300, Objective = 99 },
        ],
    };

    private static long Minute(DateTimeOffset t) => SloWindow.SlotOf(t, SloResolution.Minute);

    [Fact]
    public void Aggregate_OutcomesAndCounts_SumPerSloAndMinute()
    {
        var batch = new TelemetryBatch
        {
            BatchId = "b-1",
            Events =
            [
                new TelemetryEvent { Service = "checkout", Timestamp = Now, Success = true, LatencyMs = 120 },
                new TelemetryEvent { Service = "checkout", Timestamp = Now.AddSeconds(-10), Success = false, LatencyMs = 900 },
                new TelemetryEvent { Service = "checkout", Timestamp = Now.AddMinutes(-3), Total = 100, Good = 97, LatencyBuckets = [new(100, 50), new(250, 90), new(500, 99)] },
                new TelemetryEvent { Service = "search", Timestamp = Now, Success = true },
            ],
        };

        var sut = TelemetryAggregator.Aggregate(batch, Settings, Now);

        Assert.Empty(sut.Errors);
        Assert.Equal(3, sut.Events);
        Assert.Equal(1, sut.Ignored);
        var byKey = sut.Increments.ToDictionary(i => (i.Slo, i.Minute), i => i.Counts);
        Assert.Equal(new SloCounts(2, 1), byKey[("avail", Minute(Now))]);
        Assert.Equal(new SloCounts(2, 1), byKey[("fast", Minute(Now))]);
        Assert.Equal(new SloCounts(100, 97), byKey[("avail", Minute(Now.AddMinutes(-3)))]);
        // Under 300 ms: only the 250 ms bound is known to be under; the 40 between 250 and 500 count as slow.
        Assert.Equal(new SloCounts(100, 90), byKey[("fast", Minute(Now.AddMinutes(-3)))]);
    }

    [Theory]
    [InlineData("", "batch_id")]
    [InlineData("has space", "batch_id")]
    public void Aggregate_BadBatchId_Rejects(string id, string expected)
    {
        var sut = TelemetryAggregator.Aggregate(new TelemetryBatch { BatchId = id, Events = [new TelemetryEvent { Service = "checkout", Timestamp = Now, Success = true }] }, Settings, Now);

        Assert.Contains(sut.Errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(sut.Increments);
    }

    [Fact]
    public void Aggregate_OneBadEvent_RejectsTheWholeBatchNamingIt()
    {
        var batch = new TelemetryBatch
        {
            BatchId = "b-2",
            Events =
            [
                new TelemetryEvent { Service = "checkout", Timestamp = Now, Success = true },
                new TelemetryEvent { Service = "checkout", Timestamp = Now, Total = 10, Good = 11 },
                new TelemetryEvent { Service = "checkout", Timestamp = Now.AddHours(1), Success = true },
                new TelemetryEvent { Service = "checkout", Timestamp = Now, Total = 10, LatencyBuckets = [new(300, 5), new(100, 6)] },
            ],
        };

        var sut = TelemetryAggregator.Aggregate(batch, Settings, Now);

        Assert.Empty(sut.Increments);
        Assert.Equal(3, sut.Errors.Count);
        Assert.StartsWith("events[1].good:", sut.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("events[2].timestamp:", sut.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("events[3].latency_buckets[1]:", sut.Errors[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_OlderThanLongestWindow_IsIgnoredNotStored()
    {
        var sut = TelemetryAggregator.Aggregate(
            new TelemetryBatch { BatchId = "b-3", Events = [new TelemetryEvent { Service = "checkout", Timestamp = Now.AddDays(-40), Success = false }] }, Settings, Now);

        Assert.Empty(sut.Errors);
        Assert.Empty(sut.Increments);
        Assert.Equal(1, sut.Ignored);
    }
}
