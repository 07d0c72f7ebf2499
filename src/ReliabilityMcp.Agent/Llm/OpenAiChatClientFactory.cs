using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>
/// Builds the <c>llm</c> brain's chat client: Microsoft.Extensions.AI's <see cref="IChatClient"/> over the official
/// OpenAI client, pointed at any OpenAI-compatible endpoint, with GenAI spans (<c>UseOpenTelemetry</c>). The tool loop
/// (<see cref="ToolCallingLoop"/>) adds function invocation on top.
/// </summary>
public static class OpenAiChatClientFactory
{
    /// <summary>The ActivitySource and Meter of the GenAI spans (chat, execute_tool); under <c>ReliabilityMcp.*</c>, so traced by default.</summary>
    public const string GenAiTelemetrySource = "ReliabilityMcp.Agent.GenAI";

    /// <summary>Creates the client; the settings are checked first and a bad one is named.</summary>
    public static IChatClient Create(OpenAiCompatibleOptions options, ILoggerFactory? loggerFactory = null)
    {
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

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            // The watch loop re-triages on its own schedule; a failing endpoint is reported, not retried behind its back.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var azureHeader = string.Equals(options.ApiKeyHeader, "api-key", StringComparison.OrdinalIgnoreCase);
        if (azureHeader || options.ApiVersion is { Length: > 0 })
        {
            clientOptions.AddPolicy(new AzureStylePolicy(azureHeader ? options.ApiKey : null, options.ApiVersion), PipelinePosition.BeforeTransport);
        }

        // The OpenAI client insists on a key; local servers (Ollama, vLLM) take any.
        var key = new ApiKeyCredential(options.ApiKey is { Length: > 0 } k && !azureHeader ? k : "unused");
        return new OpenAI.Chat.ChatClient(options.Model, key, clientOptions)
            .AsIChatClient()
            .AsBuilder()
            .UseOpenTelemetry(loggerFactory, GenAiTelemetrySource)
            .Build();
    }

    /// <summary>Azure OpenAI: the key in an <c>api-key</c> header instead of a bearer token, and an <c>api-version</c> query parameter.</summary>
    private sealed class AzureStylePolicy(string? apiKey, string? apiVersion) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Apply(PipelineMessage message)
        {
            if (apiKey is { Length: > 0 })
            {
                message.Request.Headers.Remove("Authorization");
                message.Request.Headers.Set("api-key", apiKey);
            }

            if (apiVersion is { Length: > 0 } && message.Request.Uri is { } uri)
            {
                var separator = uri.Query.Length > 0 ? "&" : "?";
                message.Request.Uri = new Uri($"{uri.AbsoluteUri}{separator}api-version={Uri.EscapeDataString(apiVersion)}");
            }
        }
    }
}
