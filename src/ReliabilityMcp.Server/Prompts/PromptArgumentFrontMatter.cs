namespace ReliabilityMcp.Server.Prompts;

/// <summary>One argument declared in a prompt file's front matter.</summary>
internal sealed class PromptArgumentFrontMatter
{
    /// <summary>The argument name, used as <c>{{name}}</c> in the body.</summary>
    public string? Name { get; set; }

    /// <summary>What to pass, for the client or model filling it in.</summary>
    public string? Description { get; set; }

    /// <summary>Whether <c>prompts/get</c> must supply it.</summary>
    public bool Required { get; set; }
}
