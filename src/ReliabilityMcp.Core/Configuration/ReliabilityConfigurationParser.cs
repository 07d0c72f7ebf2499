using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReliabilityMcp.Core.Configuration;

/// <summary>
/// Parses the reliability configuration from YAML (JSON is accepted too: it is YAML) into a validated
/// <see cref="ReliabilityConfiguration"/>. Every error names the source, the line, the path and the fix;
/// nothing half-parsed is ever returned.
/// </summary>
public static partial class ReliabilityConfigurationParser
{
    /// <summary>Serializer options for the configuration model (snake_case, unknown fields rejected).</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new TimeOnlyHhMmConverter(), new LocalDateTimeConverter() },
    };

    /// <summary>Parses and validates <paramref name="text"/>; <paramref name="source"/> (a file name) prefixes every error.</summary>
    public static ConfigurationParseResult Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonNode? json;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            json = stream.Documents.Count == 0 ? new JsonObject() : ToJson(stream.Documents[0].RootNode, "", lines);
        }
        catch (YamlException ex)
        {
            return Fail($"{source}:{ex.Start.Line}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (json is not JsonObject)
        {
            return Fail($"{source}:1: the file must be a mapping with policies, services, actions and guard sections.");
        }

        ReliabilityConfiguration? config;
        try
        {
            config = json.Deserialize<ReliabilityConfiguration>(SerializerOptions);
        }
        catch (JsonException ex)
        {
            var path = NormalisePath(ex.Path);
            return Fail($"{source}:{LineOf(path, lines)}: {(path.Length == 0 ? "(root)" : path)}: {Explain(ex)}");
        }

        if (config is null)
        {
            return Fail($"{source}:1: the file is empty.");
        }

        var errors = ConfigurationValidator.Validate(config);
        return errors.Count == 0
            ? new ConfigurationParseResult(config, [])
            : new ConfigurationParseResult(null, [.. errors.Select(e => $"{source}:{LineOf(e.Path, lines)}: {e.Path}: {e.Message}")]);
    }

    private static ConfigurationParseResult Fail(string error) => new(null, [error]);

    private static JsonNode? ToJson(YamlNode node, string path, Dictionary<string, int> lines)
    {
        lines.TryAdd(path, (int)node.Start.Line);
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    var key = ((YamlScalarNode)keyNode).Value ?? "";
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    lines[childPath] = (int)keyNode.Start.Line;
                    if (obj.ContainsKey(key))
                    {
                        throw new YamlException(keyNode.Start, keyNode.End, $"'{key}' appears twice in the same mapping.");
                    }

                    obj[key] = ToJson(valueNode, childPath, lines);
                }

                return obj;
            case YamlSequenceNode seq:
                var arr = new JsonArray();
                var i = 0;
                foreach (var item in seq.Children)
                {
                    arr.Add(ToJson(item, $"{path}[{i++}]", lines));
                }

                return arr;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "aliases and anchors are not supported here.");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null")
        {
            return null;
        }

        if (value is "true" or "false")
        {
            return JsonValue.Create(value == "true");
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    private static string NormalisePath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "";
        }

        var path = BracketKey().Replace(jsonPath, ".$1");
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    [GeneratedRegex(@"\['([^']*)'\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketKey();

    private static int LineOf(string path, Dictionary<string, int> lines)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (lines.TryGetValue(p, out var line))
            {
                return line;
            }

            if (p.Length == 0)
            {
                return 1;
            }
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static string Explain(JsonException ex)
    {
        var message = ex.Message;
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            return $"unknown field '{unmapped.Groups[1].Value}'; check the spelling (fields are snake_case, e.g. cooldown_seconds).";
        }

        var converted = CouldNotConvert().Match(message);
        if (converted.Success)
        {
            var typeName = converted.Groups[1].Value.TrimEnd('.');
            var type = typeof(ReliabilityConfiguration).Assembly.GetType(typeName);
            var underlying = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
            if (underlying is { IsEnum: true })
            {
                var names = underlying.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);
                return $"not a valid value; use one of {string.Join(", ", names)}.";
            }

            return $"wrong kind of value here (expected {Friendly(typeName)}).";
        }

        return message.Split(" Path:", 2)[0];
    }

    private static string Friendly(string typeName) => typeName switch
    {
        "System.String" => "text",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        _ when typeName.StartsWith("System.Collections", StringComparison.Ordinal) => "a list or mapping",
        _ => typeName[(typeName.LastIndexOf('.') + 1)..],
    };

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to ([\w.`\[\]]+)", RegexOptions.CultureInvariant)]
    private static partial Regex CouldNotConvert();
}
