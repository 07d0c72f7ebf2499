using System.Text;
using System.Text.RegularExpressions;

namespace ReliabilityMcp.Server.Prompts;

/// <summary>
/// A prompt parsed from markdown: metadata from the front matter and a body with <c>{{argument}}</c> placeholders.
/// Rendering substitutes argument values verbatim; nothing in a value is interpreted as a placeholder again.
/// </summary>
internal sealed partial class PromptTemplate
{
    private readonly string[] _segments;

    public PromptTemplate(string name, string? title, string description, IReadOnlyList<PromptArgumentFrontMatter> arguments, string body)
    {
        Name = name;
        Title = title;
        Description = description;
        Arguments = arguments;
        Body = body;
        // Split once: even indexes are literal text, odd indexes are argument names.
        _segments = PlaceholderRegex().Split(body);
    }

    public string Name { get; }

    public string? Title { get; }

    public string Description { get; }

    public IReadOnlyList<PromptArgumentFrontMatter> Arguments { get; }

    public string Body { get; }

    /// <summary>The argument names the body refers to.</summary>
    public IEnumerable<string> Placeholders => _segments.Where((_, index) => index % 2 == 1).Distinct(StringComparer.Ordinal);

    /// <summary>Renders the body; <paramref name="values"/> must already be validated (optional ones may be absent).</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder(Body.Length + 256);
        for (var i = 0; i < _segments.Length; i++)
        {
            text.Append(i % 2 == 0 ? _segments[i] : values.GetValueOrDefault(_segments[i], ""));
        }

        return text.ToString();
    }

    /// <summary><c>{{ name }}</c>, with optional spaces; the capture is the name.</summary>
    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    internal static partial Regex PlaceholderRegex();
}
