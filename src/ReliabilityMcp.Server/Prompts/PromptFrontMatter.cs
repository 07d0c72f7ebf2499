namespace ReliabilityMcp.Server.Prompts;

/// <summary>The YAML front matter of a prompt file (keys are lowercase in the file).</summary>
internal sealed class PromptFrontMatter
{
    /// <summary>The prompt name clients request (<c>prompts/get</c>): lowercase letters, digits, '_' or '-'.</summary>
    public string? Name { get; set; }

    /// <summary>An optional human-readable title.</summary>
    public string? Title { get; set; }

    /// <summary>What the prompt is for, shown by clients.</summary>
    public string? Description { get; set; }

    /// <summary>The arguments the body's <c>{{placeholders}}</c> refer to.</summary>
    public List<PromptArgumentFrontMatter> Arguments { get; set; } = [];
}
