using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Core.Tests.Incidents;

public sealed class SimilarityScaleTests
{
    [Theory]
    [InlineData(0.0, 1.0)]   // identical
    [InlineData(0.8, 0.6)]   // cos 0.6: |a-b|² = 2 - 1.2 (measured on Garnet 2.2.8 with (1,0,0) and (0.6,0.8,0))
    [InlineData(2.0, 0.0)]   // orthogonal
    [InlineData(4.0, 0.0)]   // opposite, clamped
    public void ToSimilarity_GarnetSquaredL2_IsCosine(double score, double expected) =>
        Assert.Equal(expected, SimilarityScale.ToSimilarity(score, VectorScoreKind.SquaredL2Distance), 9);

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.8, 0.6)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.0, 0.0)]
    public void ToSimilarity_RedisShiftedCosine_IsCosine(double score, double expected) =>
        Assert.Equal(expected, SimilarityScale.ToSimilarity(score, VectorScoreKind.ShiftedCosine), 9);

    [Theory]
    [InlineData(0.0, 2.0, VectorScoreKind.SquaredL2Distance)]
    [InlineData(1.0, 0.5, VectorScoreKind.ShiftedCosine)]
    public void Detect_KnownProbeScores_TellsTheStoresApart(double identical, double orthogonal, VectorScoreKind expected) =>
        Assert.Equal(expected, SimilarityScale.Detect(identical, orthogonal));

    [Fact]
    public void Detect_UnknownScores_Throws() =>
        Assert.Throws<InvalidOperationException>(() => SimilarityScale.Detect(0.3, 0.3));
}
