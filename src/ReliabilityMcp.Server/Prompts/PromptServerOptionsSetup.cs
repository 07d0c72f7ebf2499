using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace ReliabilityMcp.Server.Prompts;

/// <summary>
/// Adds the markdown prompts to the server options. The files are read and parsed once, when the options are first
/// built, which startup validation forces, so a bad prompt file stops the server at startup with the file named.
/// </summary>
/// <remarks>
/// The SDK's stateless HTTP transport builds a fresh <see cref="McpServerOptions"/> for every request (it runs every
/// <see cref="IConfigureOptions{TOptions}"/> again), so this must stay cheap: re-reading the prompt folder on each
/// call cost read-only tools most of their throughput (issue 23).
/// </remarks>
internal sealed partial class PromptServerOptionsSetup : IConfigureOptions<McpServerOptions>
{
    private readonly Lazy<McpServerPrompt[]> _prompts;

    public PromptServerOptionsSetup(IOptions<PromptOptions> promptOptions, ILogger<PromptServerOptionsSetup> logger) =>
        _prompts = new Lazy<McpServerPrompt[]>(() =>
        {
            var directory = promptOptions.Value.ResolveDirectory();
            var templates = PromptCatalog.Load(directory);
            LogLoaded(logger, templates.Count, directory);
            return [.. templates.Select(template => new MarkdownPrompt(template))];
        });

    /// <inheritdoc />
    public void Configure(McpServerOptions options)
    {
        options.PromptCollection ??= [];
        foreach (var prompt in _prompts.Value)
        {
            options.PromptCollection.Add(prompt);
        }
    }

    [LoggerMessage(EventId = 1301, EventName = "PromptsLoaded", Level = LogLevel.Information,
        Message = "Loaded {Count} prompt(s) from {Directory}")]
    private static partial void LogLoaded(ILogger logger, int count, string directory);
}
