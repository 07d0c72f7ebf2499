using System.Globalization;
using System.Text;

namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4): <c># HELP</c>/<c># TYPE</c> comments, samples
/// <c>name{label="value",...} value [timestamp]</c>. Strict on purpose: any malformed line rejects the whole
/// scrape, because half a scrape turns into wrong deltas (a counter seen in one scrape and missing in the next).
/// </summary>
public static class PrometheusTextParser
{
    /// <summary>Largest page accepted, in characters.</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    /// <summary>Every sample of <paramref name="text"/>.</summary>
    /// <exception cref="PrometheusFormatException">A line is malformed; the message names it.</exception>
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new PrometheusFormatException($"the page has {text.Length} characters; at most {MaxLength} are accepted.");
        }

        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim(' ');
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line, lineNumber));
        }

        return samples;
    }

    private static PrometheusSample ParseSample(ReadOnlySpan<char> line, int n)
    {
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
        {
            i++;
        }

        if (i == 0)
        {
            throw new PrometheusFormatException(n, $"expected a metric name at the start of '{Clip(line)}'.");
        }

        var name = line[..i].ToString();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i = ParseLabels(line, i + 1, labels, n);
        }

        if (i >= line.Length || line[i] != ' ' && line[i] != '\t')
        {
            throw new PrometheusFormatException(n, $"expected a space and a value after '{Clip(line[..Math.Min(i, line.Length)])}'.");
        }

        var rest = line[i..].Trim();
        var space = rest.IndexOfAny(' ', '\t');
        var valueText = space < 0 ? rest : rest[..space];
        if (!TryParseValue(valueText, out var value))
        {
            throw new PrometheusFormatException(n, $"'{Clip(valueText)}' is not a number (expected e.g. 1027, 1.5e3, +Inf, NaN).");
        }

        if (space >= 0)
        {
            var timestamp = rest[(space + 1)..].Trim();
            if (!long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                throw new PrometheusFormatException(n, $"'{Clip(timestamp)}' after the value is not a timestamp in milliseconds.");
            }
        }

        return new PrometheusSample(name, labels, value);
    }

    private static int ParseLabels(ReadOnlySpan<char> line, int i, Dictionary<string, string> labels, int n)
    {
        while (true)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i < line.Length && line[i] == '}')
            {
                return i + 1;
            }

            var start = i;
            while (i < line.Length && IsLabelChar(line[i], i == start))
            {
                i++;
            }

            if (i == start)
            {
                throw new PrometheusFormatException(n, $"expected a label name or '}}' at column {i + 1}.");
            }

            var label = line[start..i].ToString();
            if (i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
            {
                throw new PrometheusFormatException(n, $"label '{label}' must be followed by =\"value\".");
            }

            i += 2;
            var value = new StringBuilder();
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new PrometheusFormatException(n, $"the value of label '{label}' is not closed with a quote.");
                }

                var c = line[i++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    if (i >= line.Length)
                    {
                        throw new PrometheusFormatException(n, $"the value of label '{label}' ends in a lone backslash.");
                    }

                    value.Append(line[i++] switch
                    {
                        'n' => '\n',
                        '\\' => '\\',
                        '"' => '"',
                        var other => throw new PrometheusFormatException(n, $"'\\{other}' is not an escape the format allows (\\\\, \\\", \\n)."),
                    });
                    continue;
                }

                value.Append(c);
            }

            if (!labels.TryAdd(label, value.ToString()))
            {
                throw new PrometheusFormatException(n, $"label '{label}' appears twice.");
            }

            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
            else if (i >= line.Length || line[i] != '}')
            {
                throw new PrometheusFormatException(n, "expected ',' or '}' after a label value.");
            }
        }
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        switch (text)
        {
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static bool IsLabelChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (!first && c is >= '0' and <= '9');

    private static string Clip(ReadOnlySpan<char> text) => text.Length <= 60 ? text.ToString() : $"{text[..60]}…";
}
