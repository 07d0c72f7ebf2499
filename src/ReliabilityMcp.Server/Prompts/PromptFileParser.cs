using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ReliabilityMcp.Server.Prompts;

/// <summary>
/// Parses a prompt file: YAML front matter between <c>---</c> lines (name, description, arguments with name,
/// description, required), then the markdown body. Every mistake is reported with the file name and what to
/// write instead, at startup, rather than surfacing as a broken prompt in a client.
/// </summary>
internal static partial class PromptFileParser
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Parses the text of <paramref name="path"/>.</summary>
    public static PromptTemplate Parse(string path, string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new PromptFileException(path, "must start with a '---' line opening the YAML front matter (name, description, arguments).");
        }

        var end = normalized.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        var closesAtEof = end < 0 && normalized.EndsWith("\n---", StringComparison.Ordinal);
        if (end < 0 && !closesAtEof)
        {
            throw new PromptFileException(path, "the front matter is not closed by a '---' line.");
        }

        var yaml = closesAtEof ? normalized[4..^4] : normalized[4..end];
        var body = closesAtEof ? "" : normalized[(end + 5)..].Trim('\n');

        PromptFrontMatter? front;
        try
        {
            front = Yaml.Deserialize<PromptFrontMatter>(yaml);
        }
        catch (YamlException exception)
        {
            // Front matter starts on line 2 of the file.
            var line = exception.Start.Line + 1;
            throw new PromptFileException(path, $"invalid front matter at line {line}: {(exception.InnerException ?? exception).Message}", exception);
        }

        if (front is null)
        {
            throw new PromptFileException(path, "the front matter is empty; it needs at least name and description.");
        }

        if (string.IsNullOrWhiteSpace(front.Name) || !NameRegex().IsMatch(front.Name))
        {
            throw new PromptFileException(path, $"'name' must be 1-64 lowercase letters, digits, '_' or '-' (got '{front.Name}').");
        }

        if (string.IsNullOrWhiteSpace(front.Description))
        {
            throw new PromptFileException(path, "'description' is required: clients show it to choose a prompt.");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            throw new PromptFileException(path, "the body after the front matter is empty.");
        }

        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in front.Arguments)
        {
            if (string.IsNullOrWhiteSpace(argument.Name) || !ArgumentNameRegex().IsMatch(argument.Name))
            {
                throw new PromptFileException(path, $"argument name '{argument.Name}' must be a letter or '_' followed by letters, digits or '_'.");
            }

            if (!declared.Add(argument.Name))
            {
                throw new PromptFileException(path, $"argument '{argument.Name}' is declared twice.");
            }

            if (string.IsNullOrWhiteSpace(argument.Description))
            {
                throw new PromptFileException(path, $"argument '{argument.Name}' needs a description saying what to pass.");
            }
        }

        var template = new PromptTemplate(front.Name, front.Title, front.Description.Trim(), front.Arguments, body + "\n");
        var undeclared = template.Placeholders.Where(placeholder => !declared.Contains(placeholder)).ToArray();
        if (undeclared.Length > 0)
        {
            throw new PromptFileException(path, $"the body uses {string.Join(", ", undeclared.Select(name => "{{" + name + "}}"))} but the front matter declares no such argument.");
        }

        return template;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ArgumentNameRegex();
}
