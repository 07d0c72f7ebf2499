using Microsoft.Extensions.AI;
using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Core.Tests.Incidents;

public sealed class HashingEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_SameText_SameUnitVectorEveryTime()
    {
        using var sut = new HashingEmbeddingGenerator(256);

        var first = await sut.GenerateVectorAsync("Connection pool exhausted on checkout-db", cancellationToken: TestContext.Current.CancellationToken);
        var second = new HashingEmbeddingGenerator(256).Embed("Connection pool exhausted on checkout-db");

        Assert.Equal(256, first.Length);
        Assert.Equal(first.ToArray(), second);
        Assert.Equal(1f, VectorMath.Norm(second), 4);
    }

    [Fact]
    public void Embed_KnownText_MatchesPinnedValues()
    {
        // Pinned: a change to tokenising or hashing must bump HashingEmbeddingGenerator.Model, because stored
        // indexes would otherwise silently compare vectors from two different embedders.
        var sut = new HashingEmbeddingGenerator(64);

        var vector = sut.Embed("Memory LEAK!");

        var nonZero = vector.Select((v, i) => (i, v)).Where(x => x.v != 0).ToArray();
        Assert.Equal([3, 5, 6, 9, 26, 31, 33, 38, 48, 55], nonZero.Select(x => x.i));
        Assert.Equal(0.3859f, vector[3], 3);
        Assert.Equal(-0.5157f, vector[6], 3);
        Assert.Equal(-0.2306f, vector[55], 3);
    }

    [Fact]
    public void Embed_SameFailureModeReworded_IsCloserThanAnotherFailureMode()
    {
        var sut = new HashingEmbeddingGenerator();
        var a = sut.Embed("Database connection pool exhausted, requests timing out waiting for a connection");
        var b = sut.Embed("checkout timeouts: all connections in the DB pool were in use, threads waiting on pool");
        var other = sut.Embed("TLS certificate expired on the public load balancer, handshakes failing");

        Assert.True(VectorMath.Dot(a, b) > VectorMath.Dot(a, other) + 0.1, $"same {VectorMath.Dot(a, b)} vs other {VectorMath.Dot(a, other)}");
    }

    [Fact]
    public void Embed_EmptyText_IsZeroVector() =>
        Assert.All(new HashingEmbeddingGenerator(32).Embed(""), v => Assert.Equal(0f, v));

    [Theory]
    [InlineData("leaking", "leak")]
    [InlineData("leaks", "leak")]
    [InlineData("exhaustion", "exhaust")]
    [InlineData("restarted", "restart")]
    [InlineData("dns", "dns")]
    [InlineData("status", "status")]
    public void Stem_CommonSuffixes_AreStripped(string word, string expected) =>
        Assert.Equal(expected, HashingEmbeddingGenerator.Stem(word).ToString());

    [Fact]
    public void GetService_Metadata_NamesProviderModelAndDimension()
    {
        using var sut = new HashingEmbeddingGenerator(128);

        var metadata = sut.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal((HashingEmbeddingGenerator.Provider, HashingEmbeddingGenerator.Model, (int?)128),
            (metadata?.ProviderName, metadata?.DefaultModelId, metadata?.DefaultModelDimensions));
    }
}
