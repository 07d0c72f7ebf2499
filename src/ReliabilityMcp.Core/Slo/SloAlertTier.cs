using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Slo;

/// <summary>Alert severity of the Workbook's multi-window, multi-burn-rate alerts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SloAlertTier>))]
public enum SloAlertTier
{
    /// <summary>No alert.</summary>
    [JsonStringEnumMemberName("none")] None,

    /// <summary>Ticket: budget burning slowly enough to fix in working hours.</summary>
    [JsonStringEnumMemberName("ticket")] Ticket,

    /// <summary>Page: budget burning fast; wake someone.</summary>
    [JsonStringEnumMemberName("page")] Page,
}
