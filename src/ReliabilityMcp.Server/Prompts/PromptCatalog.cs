namespace ReliabilityMcp.Server.Prompts;

/// <summary>Loads every <c>*.md</c> prompt file of a directory, failing on the first bad file or duplicate name.</summary>
internal static class PromptCatalog
{
    /// <summary>Parses the prompts in <paramref name="directory"/>, ordered by name.</summary>
    public static IReadOnlyList<PromptTemplate> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"The prompts directory '{directory}' does not exist. Set Mcp:PromptsDirectory to the folder holding the prompt *.md files.");
        }

        var prompts = new Dictionary<string, (PromptTemplate Template, string Path)>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var template = PromptFileParser.Parse(path, File.ReadAllText(path));
            if (prompts.TryGetValue(template.Name, out var existing))
            {
                throw new PromptFileException(path, $"prompt name '{template.Name}' is already used by '{existing.Path}'.");
            }

            prompts.Add(template.Name, (template, path));
        }

        return [.. prompts.Values.Select(entry => entry.Template).OrderBy(template => template.Name, StringComparer.Ordinal)];
    }
}
