using System.Net;
using ReliabilityMcp.Server.Incidents;

namespace ReliabilityMcp.Server.Tests.Incidents;

/// <summary>The OpenAI-compatible embeddings client against an endpoint started in the test.</summary>
public sealed class OpenAiEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_SendsModelInputsAndBearerKey_ReturnsVectorsInOrder()
    {
        await using var endpoint = await FakeEmbeddingsEndpoint.StartAsync(Ct);
        using var http = new HttpClient();
        using var sut = new OpenAiEmbeddingGenerator(http, Options(endpoint));

        var embeddings = await sut.GenerateAsync(["disk full", "memory leak"], cancellationToken: Ct);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(new Core.Incidents.HashingEmbeddingGenerator(64).Embed("memory leak"), embeddings[1].Vector.ToArray());
        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("fake-embed-1", request.GetProperty("model").GetString());
        Assert.Equal(["disk full", "memory leak"], request.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Bearer sk-test-secret", Assert.Single(endpoint.Authorizations));
        Assert.Equal(new Uri(endpoint.BaseAddress, "/v1/embeddings"), sut.Url);
    }

    [Fact]
    public async Task GenerateAsync_WrongDimension_SaysWhichSettingToFix()
    {
        await using var endpoint = await FakeEmbeddingsEndpoint.StartAsync(Ct);
        endpoint.Dimensions = 32;
        using var http = new HttpClient();
        using var sut = new OpenAiEmbeddingGenerator(http, Options(endpoint));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.GenerateAsync(["x"], cancellationToken: Ct));

        Assert.Contains("returned 32 dimensions for model fake-embed-1, but Incidents:Embeddings:Dimension is 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ErrorStatus_ThrowsWithoutTheKey()
    {
        await using var endpoint = await FakeEmbeddingsEndpoint.StartAsync(Ct);
        endpoint.FailWith = HttpStatusCode.Unauthorized;
        using var http = new HttpClient();
        using var sut = new OpenAiEmbeddingGenerator(http, Options(endpoint));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => sut.GenerateAsync(["x"], cancellationToken: Ct));

        Assert.Contains("answered 401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.example.com", "https://api.example.com/v1/embeddings")]
    [InlineData("http://localhost:11434/v1", "http://localhost:11434/v1/embeddings")]
    [InlineData("https://x.openai.azure.com/openai/deployments/emb/embeddings?api-version=2024-02-01", "https://x.openai.azure.com/openai/deployments/emb/embeddings?api-version=2024-02-01")]
    public void Url_FromEndpoint_AddsThePathOnlyWhenMissing(string endpoint, string expected)
    {
        using var http = new HttpClient();
        using var sut = new OpenAiEmbeddingGenerator(http, new IncidentEmbeddingOptions { Provider = "openai", Endpoint = new Uri(endpoint), Model = "m" });

        Assert.Equal(new Uri(expected), sut.Url);
    }

    private static IncidentEmbeddingOptions Options(FakeEmbeddingsEndpoint endpoint) => new()
    {
        Provider = IncidentEmbeddingOptions.OpenAi,
        Endpoint = endpoint.BaseAddress,
        Model = "fake-embed-1",
        ApiKey = "sk-test-secret",
        Dimension = 64,
    };
}
