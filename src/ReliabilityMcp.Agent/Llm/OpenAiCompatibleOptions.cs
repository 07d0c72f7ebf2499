using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>
/// Where the <c>llm</c> brain's chat model lives: any endpoint that speaks the OpenAI chat-completions wire format
/// (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio). Section <c>Agent:Llm</c>.
/// </summary>
public sealed class OpenAiCompatibleOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Agent:Llm";

    /// <summary>
    /// Base address up to, not including, <c>/chat/completions</c>: <c>https://api.openai.com/v1</c>,
    /// <c>http://localhost:11434/v1</c> (Ollama), <c>https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT</c> (Azure).
    /// </summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Model name sent with each request (ignored by Azure, which takes the deployment from the address).</summary>
    [Required]
    public string Model { get; set; } = "";

    /// <summary>API key; sent as a bearer token, or in an <c>api-key</c> header when <see cref="ApiKeyHeader"/> says so. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Authorization</c> (bearer, the default) or <c>api-key</c> (Azure OpenAI).</summary>
    public string ApiKeyHeader { get; set; } = "Authorization";

    /// <summary>Azure OpenAI's <c>api-version</c> query parameter, when the endpoint needs one.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Per-request timeout.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 120;
}
