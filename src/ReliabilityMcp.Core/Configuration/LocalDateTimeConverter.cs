using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Configuration;

/// <summary>Reads local wall-clock date-times (<c>yyyy-MM-ddTHH:mm</c>) with no offset: the zone is given separately.</summary>
internal sealed class LocalDateTimeConverter : JsonConverter<DateTime>
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
            : throw new JsonException($"'{text}' is not a local date-time; write yyyy-MM-ddTHH:mm without an offset (the time_zone field gives the zone).");
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
}
