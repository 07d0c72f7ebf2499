using System.Text;
using System.Text.RegularExpressions;

namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// Fills <c>{target}</c>, <c>{action}</c>, <c>{execution_id}</c> and <c>{param.NAME}</c> placeholders inside argv
/// elements. Each element stays one argument whatever the values contain: the result goes to
/// <c>ProcessStartInfo.ArgumentList</c>, never to a shell, so <c>; rm -rf /</c> or <c>$(…)</c> is just text.
/// </summary>
public static partial class ArgumentTemplate
{
    /// <summary>Placeholder names a template may use besides <c>param.NAME</c>.</summary>
    public static IReadOnlyList<string> BuiltIns { get; } = ["target", "action", "execution_id"];

    [GeneratedRegex(@"\{([a-z_][a-z0-9_.]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>The placeholder names used by <paramref name="template"/>.</summary>
    public static IEnumerable<string> PlaceholdersOf(IEnumerable<string> template) =>
        template.SelectMany(element => Placeholder().Matches(element).Select(m => m.Groups[1].Value));

    /// <summary>
    /// Fills <paramref name="template"/>. A placeholder with no value is an error (the caller names the missing
    /// parameter), never an empty string that would silently change the command's meaning.
    /// </summary>
    public static IReadOnlyList<string> Fill(IReadOnlyList<string> template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var result = new List<string>(template.Count);
        foreach (var element in template)
        {
            var sb = new StringBuilder();
            var last = 0;
            foreach (Match m in Placeholder().Matches(element))
            {
                sb.Append(element, last, m.Index - last);
                var name = m.Groups[1].Value;
                sb.Append(values.TryGetValue(name, out var value)
                    ? value
                    : throw new ArgumentException($"the argument template needs '{name}' but no value was given (send it as parameters.{name.Replace("param.", "", StringComparison.Ordinal)})."));
                last = m.Index + m.Length;
            }

            sb.Append(element, last, element.Length - last);
            result.Add(sb.ToString());
        }

        return result;
    }
}
