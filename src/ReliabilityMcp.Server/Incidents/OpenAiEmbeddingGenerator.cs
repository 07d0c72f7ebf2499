using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for OpenAI-compatible embeddings APIs
/// (<c>POST /v1/embeddings</c> with <c>{"model", "input": [...]}</c>): OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio.
/// </summary>
/// <remarks>
/// HttpClient directly: the request is one small JSON document, and the OpenAI SDK would add a dependency for it.
/// The API key goes in a header and nowhere else (not in exceptions, not in logs).
/// </remarks>
public sealed class OpenAiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client.</summary>
    public const string HttpClientName = "incident-embeddings";

    private readonly HttpClient _http;
    private readonly IncidentEmbeddingOptions _options;
    private readonly Uri _url;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates the client.</summary>
    public OpenAiEmbeddingGenerator(HttpClient http, IncidentEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Endpoint ?? throw new ArgumentException("Incidents:Embeddings:Endpoint is required.", nameof(options));
        _http = http;
        _options = options;
        _url = endpoint.AbsolutePath.TrimEnd('/').EndsWith("/embeddings", StringComparison.Ordinal)
            ? endpoint
            : new Uri(endpoint.ToString().TrimEnd('/') + (endpoint.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) ? "/embeddings" : "/v1/embeddings"));
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", endpoint, options.Model, options.Dimension);
    }

    /// <summary>The embedder id recorded in the index: provider and model (the endpoint host may change, the space may not).</summary>
    public string EmbedderId => $"openai-compatible/{_options.Model}";

    /// <summary>The URL requests go to.</summary>
    public Uri Url => _url;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = JsonContent.Create(new EmbeddingsRequest(options?.ModelId ?? _options.Model!, inputs)),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            if (string.Equals(_options.ApiKeyHeader, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(_options.ApiKeyHeader, _options.ApiKey);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The embeddings endpoint {_url.GetLeftPart(UriPartial.Authority)} did not answer within {_options.TimeoutSeconds} s.");
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"The embeddings endpoint {_url.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message}", ex, ex.StatusCode);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"The embeddings endpoint {_url.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }

            var body = await response.Content.ReadFromJsonAsync<EmbeddingsResponse>(timeout.Token).ConfigureAwait(false);
            if (body?.Data is not { } data || data.Count != inputs.Count)
            {
                throw new InvalidOperationException($"The embeddings endpoint returned {body?.Data?.Count ?? 0} embeddings for {inputs.Count} inputs.");
            }

            var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
            foreach (var item in data.OrderBy(d => d.Index))
            {
                if (item.Embedding is not { } vector || vector.Length != _options.Dimension)
                {
                    throw new InvalidOperationException(
                        $"The embeddings endpoint returned {item.Embedding?.Length ?? 0} dimensions for model {_options.Model}, but Incidents:Embeddings:Dimension is {_options.Dimension}.");
                }

                result.Add(new Embedding<float>(vector) { ModelId = body.Model ?? _options.Model });
            }

            return result;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient belongs to the factory.
    }

    private sealed record EmbeddingsRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] IReadOnlyList<string> Input);

    private sealed record EmbeddingsResponse(
        [property: JsonPropertyName("data")] List<EmbeddingItem>? Data,
        [property: JsonPropertyName("model")] string? Model);

    private sealed record EmbeddingItem(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("embedding")] float[]? Embedding);
}
