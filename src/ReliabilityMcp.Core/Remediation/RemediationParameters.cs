using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// Validates the caller's action parameters: short names, scalar values, bounded lengths, no control characters
/// and no leading '-' (a value that fills a whole argv element must not become an option of the executable).
/// </summary>
public static partial class RemediationParameters
{
    /// <summary>Most parameters accepted.</summary>
    public const int MaxCount = 16;

    /// <summary>Longest value accepted.</summary>
    public const int MaxValueLength = 256;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Whether <paramref name="name"/> is a valid parameter name.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>
    /// Turns the JSON object <paramref name="parameters"/> into validated strings, or returns the error text that
    /// tells the caller what to send instead.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Values, string? Error) Parse(JsonElement? parameters)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (parameters is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return (values, null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return (values, "'parameters' must be an object of name: value, e.g. {\"replicas\": 3}.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (values.Count >= MaxCount)
            {
                return (values, $"'parameters' has more than {MaxCount} entries.");
            }

            if (!IsValidName(property.Name))
            {
                return (values, $"parameter name \"{Truncate(property.Name)}\" is not valid: use lower-case letters, digits and '_', starting with a letter (at most 32).");
            }

            string? value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture)
                    : property.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (value is null)
            {
                return (values, $"parameters.{property.Name} must be a string, number or boolean.");
            }

            if (ValidateValue(value) is { } error)
            {
                return (values, $"parameters.{property.Name} {error}");
            }

            values[property.Name] = value;
        }

        return (values, null);
    }

    /// <summary>Why <paramref name="value"/> is not acceptable, or null.</summary>
    public static string? ValidateValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxValueLength)
        {
            return $"is longer than {MaxValueLength} characters.";
        }

        if (value.Any(char.IsControl))
        {
            return "contains control characters (newlines, tabs…); send plain text.";
        }

        return value.StartsWith('-') && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "starts with '-', which an executable could read as an option; send the value without it."
            : null;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
