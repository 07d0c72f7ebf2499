namespace ReliabilityMcp.Server.Prompts;

/// <summary>Where prompts come from (configuration section <c>Mcp</c>).</summary>
public sealed class PromptOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mcp";

    /// <summary>The folder of prompt markdown files; a relative path is resolved against the application folder.</summary>
    /// <value>Default: the <c>prompts</c> folder shipped beside the server binary.</value>
    public string? PromptsDirectory { get; set; }

    /// <summary>The absolute prompts folder.</summary>
    public string ResolveDirectory()
        => Path.GetFullPath(string.IsNullOrWhiteSpace(PromptsDirectory) ? "prompts" : PromptsDirectory, AppContext.BaseDirectory);
}
