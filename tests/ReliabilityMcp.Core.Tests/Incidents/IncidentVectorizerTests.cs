using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Core.Tests.Incidents;

public sealed class IncidentVectorizerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task VectorizeAsync_Incident_IsUnitVectorOfTextPlusStructure()
    {
        var sut = IncidentVectorizer.CreateHashing(384);

        var vector = await sut.VectorizeAsync(Incident("Memory leak in worker", new() { ["memory_util"] = 0.95 }), TestContext.Current.CancellationToken);

        Assert.Equal(384 + IncidentVectorizer.StructuredDimensions, vector.Length);
        Assert.Equal(1f, VectorMath.Norm(vector), 4);
        // Text carries 80% of the squared norm, structure 20%.
        Assert.Equal(0.8f, VectorMath.Dot(vector.AsSpan(0, 384), vector.AsSpan(0, 384)), 3);
    }

    [Fact]
    public async Task VectorizeAsync_SameTextCloserTelemetry_ScoresHigher()
    {
        var sut = IncidentVectorizer.CreateHashing();
        var ct = TestContext.Current.CancellationToken;
        var query = await sut.VectorizeAsync(new IncidentQuery { Text = "latency spike", Telemetry = new Dictionary<string, double> { ["latency_p99"] = 900 } }, ct);
        var near = await sut.VectorizeAsync(Incident("latency spike", new() { ["latency_p99"] = 850 }), ct);
        var far = await sut.VectorizeAsync(Incident("latency spike", new() { ["latency_p99"] = 60 }), ct);

        Assert.True(VectorMath.Dot(query, near) > VectorMath.Dot(query, far));
    }

    [Theory]
    [InlineData("latency_p99", 50, 0)]
    [InlineData("latency_p99", 20000, 3)]
    [InlineData("error_rate", 0.5, 3)]
    [InlineData("cpu_util", 0.5, 1.5)]
    [InlineData("throughput", 100000, 3)]
    public void Position_MetricScale_MapsToBuckets(string metric, double value, double expected) =>
        Assert.Equal(expected, IncidentVectorizer.Position(metric, value), 6);

    [Fact]
    public void Descriptor_NamesEmbedderAndDimensions() =>
        Assert.Equal(new IncidentIndexDescriptor("reliabilitymcp-hashing/hashing-v1", 256, "features-v1", 288), IncidentVectorizer.CreateHashing(256).Descriptor);

    private static NewIncident Incident(string title, Dictionary<string, double> telemetry) =>
        new() { Service = "checkout", Severity = IncidentSeverity.High, Title = title, Telemetry = telemetry, StartedAt = T0 };
}
