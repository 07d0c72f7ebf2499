using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>
/// An <see cref="IChatClient"/> over the OpenAI chat-completions wire format (<c>POST {endpoint}/chat/completions</c>),
/// with function tools. Microsoft.Extensions.AI's own OpenAI client is not obtainable here, so this is ours. It speaks
/// the common subset every compatible server implements: messages (system, user, assistant with tool calls, tool
/// results), tools as JSON-schema functions, max tokens, temperature; streaming is answered from one non-streaming
/// response, because the agent loop never needs tokens as they arrive.
/// </summary>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    private const int MaxErrorBodyChars = 512;
    private readonly HttpClient _http;
    private readonly OpenAiCompatibleOptions _options;
    private readonly Uri _completions;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client; <paramref name="http"/> is not disposed by it.</summary>
    public OpenAiCompatibleChatClient(HttpClient http, OpenAiCompatibleOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Endpoint ?? throw new ArgumentException("Agent:Llm:Endpoint is required, e.g. https://api.openai.com/v1.", nameof(options));
        if (endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"Agent:Llm:Endpoint must be an http(s) address; got '{endpoint.Scheme}'.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException("Agent:Llm:Model is required, e.g. gpt-4o-mini or llama3.1.", nameof(options));
        }

        _http = http;
        _options = options;
        var path = endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions";
        _completions = new Uri(options.ApiVersion is { Length: > 0 } version ? $"{path}?api-version={Uri.EscapeDataString(version)}" : path);
        _metadata = new ChatClientMetadata("openai-compatible", endpoint, options.Model);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = OpenAiChatWire.BuildRequest(messages, options, _options.Model);
        using var request = new HttpRequestMessage(HttpMethod.Post, _completions)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (_options.ApiKey is { Length: > 0 } key)
        {
            if (string.Equals(_options.ApiKeyHeader, "api-key", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Add("api-key", key);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChatEndpointException($"the chat endpoint {_metadata.ProviderUri} did not answer within {_options.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            throw new ChatEndpointException($"the chat endpoint {_metadata.ProviderUri} could not be reached: {ex.Message}", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // The body explains the problem (bad model name, quota); the request — and the key — are not echoed.
                var excerpt = text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars] + "…";
                throw new ChatEndpointException($"the chat endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt}");
            }

            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new ChatEndpointException($"the chat endpoint answered with something that is not JSON: {ex.Message}", ex);
            }

            return OpenAiChatWire.ParseResponse(parsed);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient belongs to the caller (IHttpClientFactory).
    }
}
