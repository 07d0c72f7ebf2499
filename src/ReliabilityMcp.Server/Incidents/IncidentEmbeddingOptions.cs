using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>Which embedder builds incident vectors (<c>Incidents:Embeddings</c>).</summary>
public sealed class IncidentEmbeddingOptions
{
    /// <summary>Provider name for the built-in feature-hashing embedder.</summary>
    public const string Hashing = "hashing";

    /// <summary>Provider name for an OpenAI-compatible <c>/v1/embeddings</c> endpoint (OpenAI, Azure OpenAI, Ollama, vLLM).</summary>
    public const string OpenAi = "openai";

    /// <summary><c>hashing</c> (offline, deterministic) or <c>openai</c>.</summary>
    /// <value>Default <c>hashing</c>.</value>
    [RegularExpression("^(hashing|openai)$", ErrorMessage = "Incidents:Embeddings:Provider must be 'hashing' or 'openai'.")]
    public string Provider { get; set; } = Hashing;

    /// <summary>Base URL of the OpenAI-compatible API, e.g. <c>https://api.openai.com</c> or <c>http://localhost:11434</c> (Ollama); a URL ending in <c>/embeddings</c> is used as is (Azure OpenAI deployments).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Model name sent to the endpoint, e.g. <c>text-embedding-3-small</c> or <c>nomic-embed-text</c>.</summary>
    public string? Model { get; set; }

    /// <summary>API key; sent as a bearer token (or in <see cref="ApiKeyHeader"/>). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Header for the key: <c>Authorization</c> (bearer, OpenAI/vLLM) or <c>api-key</c> (Azure OpenAI).</summary>
    /// <value>Default <c>Authorization</c>.</value>
    public string ApiKeyHeader { get; set; } = "Authorization";

    /// <summary>Dimension of the text embedding: the hashing embedder's size, or what the remote model returns.</summary>
    /// <value>Default 384.</value>
    [Range(16, 4096)]
    public int Dimension { get; set; } = 384;

    /// <summary>Timeout of one embeddings request, seconds.</summary>
    /// <value>Default 10.</value>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;
}
