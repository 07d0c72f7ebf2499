using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Configuration;

/// <summary>Reads <c>HH:mm</c> (and <c>HH:mm:ss</c>) wall-clock times, as people write them in YAML.</summary>
internal sealed class TimeOnlyHhMmConverter : JsonConverter<TimeOnly>
{
    private static readonly string[] Formats = ["H:mm", "HH:mm", "HH:mm:ss"];

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TimeOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new JsonException($"'{text}' is not a time of day; write HH:mm, e.g. '09:00'.");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
}
