using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace ReliabilityMcp.Server.Prompts;

/// <summary>
/// Adds the markdown prompts to the server options. Runs when the options are first built, which startup
/// validation forces, so a bad prompt file stops the server at startup with the file named.
/// </summary>
internal sealed partial class PromptServerOptionsSetup(IOptions<PromptOptions> promptOptions, ILogger<PromptServerOptionsSetup> logger) : IConfigureOptions<McpServerOptions>
{
    /// <inheritdoc />
    public void Configure(McpServerOptions options)
    {
        var directory = promptOptions.Value.ResolveDirectory();
        var templates = PromptCatalog.Load(directory);
        options.PromptCollection ??= [];
        foreach (var template in templates)
        {
            options.PromptCollection.Add(new MarkdownPrompt(template));
        }

        LogLoaded(templates.Count, directory);
    }

    [LoggerMessage(EventId = 1301, EventName = "PromptsLoaded", Level = LogLevel.Information,
        Message = "Loaded {Count} prompt(s) from {Directory}")]
    private partial void LogLoaded(int count, string directory);
}
