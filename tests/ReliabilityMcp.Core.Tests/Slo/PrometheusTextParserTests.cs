using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Tests.Slo;

public sealed class PrometheusTextParserTests
{
    private const string Page = """
        # HELP http_requests_total Requests served.
        # TYPE http_requests_total counter
        http_requests_total{code="200",path="/pay"} 1027
        http_requests_total{code="503",path="/pay"} 3 1732186000000
        http_requests_total{code="500",path="/a \"quoted\" \\ path\n"} 2
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.1"} 800
        http_request_duration_seconds_bucket{le="0.3"} 990
        http_request_duration_seconds_bucket{le="+Inf"} 1032
        http_request_duration_seconds_sum 120.5
        http_request_duration_seconds_count 1032
        up 1
        """;

    private static readonly SloScrapeTarget Target = new()
    {
        Service = "checkout", Url = "http://checkout/metrics", TotalMetric = "http_requests_total",
        ErrorsMetric = "http_requests_total", ErrorsMatch = new Dictionary<string, string> { ["code"] = "5.." },
        LatencyHistogram = "http_request_duration_seconds",
    };

    [Fact]
    public void Parse_CountersAndHistogram_ReadsEverySampleWithLabels()
    {
        var sut = PrometheusTextParser.Parse(Page);

        Assert.Equal(9, sut.Count);
        Assert.Equal(1027, sut[0].Value);
        Assert.Equal("200", sut[0].Labels["code"]);
        Assert.Equal("/a \"quoted\" \\ path\n", sut[2].Labels["path"]);
        Assert.Equal("+Inf", sut[5].Labels["le"]);
        Assert.Equal("up", sut[8].Name);
        Assert.Empty(sut[8].Labels);
    }

    [Theory]
    [InlineData("http_requests_total{code=\"200\"}", "expected a space and a value")]
    [InlineData("http_requests_total{code=\"200\"} abc", "'abc' is not a number")]
    [InlineData("http_requests_total{code=200} 1", "must be followed by =\"value\"")]
    [InlineData("http_requests_total{code=\"200} 1", "not closed with a quote")]
    [InlineData("http_requests_total{code=\"2\\x\"} 1", "is not an escape")]
    [InlineData("http_requests_total{code=\"1\",code=\"2\"} 1", "appears twice")]
    [InlineData("9lives 1", "expected a metric name")]
    [InlineData("up 1 soon", "not a timestamp")]
    public void Parse_MalformedLine_ThrowsNamingTheLine(string bad, string expected)
    {
        var text = $"up 1\n# comment\n{bad}\nup 2\n";

        var ex = Assert.Throws<PrometheusFormatException>(() => PrometheusTextParser.Parse(text));

        Assert.Equal(3, ex.Line);
        Assert.StartsWith("line 3: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingFrom_Target_SumsTotalsErrorsAndBuckets()
    {
        var sut = PrometheusReading.From(PrometheusTextParser.Parse(Page), Target);

        Assert.Equal(1032, sut.Total);
        Assert.Equal(5, sut.Errors);
        Assert.Equal([0.1, 0.3, double.PositiveInfinity], sut.Buckets.Keys);
        Assert.Equal(990, sut.Buckets[0.3]);
    }

    [Fact]
    public void ReadingFrom_MissingTotalMetric_Throws()
    {
        var ex = Assert.Throws<PrometheusFormatException>(() => PrometheusReading.From(PrometheusTextParser.Parse("up 1\n"), Target));

        Assert.Contains("no samples of http_requests_total", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeltaSince_TwoScrapes_GivesRequestsBetweenThemInMilliseconds()
    {
        var before = new PrometheusReading(1000, 4, new Dictionary<double, double> { [0.1] = 700, [0.3] = 950, [double.PositiveInfinity] = 1000 });
        var after = new PrometheusReading(1500, 14, new Dictionary<double, double> { [0.1] = 1000, [0.3] = 1420, [double.PositiveInfinity] = 1500 });
        var at = new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

        var sut = after.DeltaSince(before, "checkout", at);

        Assert.Equal(500, sut.Total);
        Assert.Equal(490, sut.Good);
        Assert.Equal([new LatencyBucket(100, 300), new LatencyBucket(300, 470)], sut.LatencyBuckets);
        Assert.Equal(at, sut.Timestamp);
    }

    [Fact]
    public void DeltaSince_CounterReset_TakesTheNewValueAsTheDelta()
    {
        var before = new PrometheusReading(1000, 10, new Dictionary<double, double>());
        var after = new PrometheusReading(40, 1, new Dictionary<double, double>());

        var sut = after.DeltaSince(before, "checkout", DateTimeOffset.UnixEpoch);

        Assert.Equal(40, sut.Total);
        Assert.Equal(39, sut.Good);
    }
}
