namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Wall-clock arithmetic in IANA zones with explicit DST rules.</summary>
public static class ZonedTime
{
    private static readonly Dictionary<string, string> DayNames = new(StringComparer.Ordinal)
    {
        ["mon"] = nameof(DayOfWeek.Monday), ["tue"] = nameof(DayOfWeek.Tuesday), ["wed"] = nameof(DayOfWeek.Wednesday),
        ["thu"] = nameof(DayOfWeek.Thursday), ["fri"] = nameof(DayOfWeek.Friday), ["sat"] = nameof(DayOfWeek.Saturday),
        ["sun"] = nameof(DayOfWeek.Sunday),
    };

    /// <summary>Finds an IANA zone, or returns null.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>Parses <c>mon</c>…<c>sun</c>.</summary>
    public static bool TryParseDay(string name, out DayOfWeek day)
    {
        day = default;
        return DayNames.TryGetValue(name, out var full) && Enum.TryParse(full, out day);
    }

    /// <summary>
    /// The instant a local wall-clock time names. A time skipped by a spring-forward change maps to the
    /// first instant after the gap; a time repeated by a fall-back change maps to its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Walk forward minute by minute to the end of the gap (gaps are at most a few hours).
            var probe = local;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            probe = new DateTime(probe.Year, probe.Month, probe.Day, probe.Hour, probe.Minute, 0, DateTimeKind.Unspecified);
            return new DateTimeOffset(probe, zone.GetUtcOffset(probe));
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The local wall-clock time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>
    /// Whether <paramref name="instant"/> falls in a weekly window, and when that occurrence closes.
    /// A window whose <paramref name="to"/> is not after <paramref name="from"/> runs past midnight into the next day.
    /// </summary>
    public static bool InWeeklyWindow(
        DateTimeOffset instant, TimeZoneInfo zone, IReadOnlyList<string> days, TimeOnly from, TimeOnly to, out DateTimeOffset closesAt)
    {
        var local = ToLocal(instant, zone);
        var time = TimeOnly.FromDateTime(local);
        var overnight = to <= from;
        closesAt = default;
        if (IsDay(days, local.DayOfWeek) && time >= from && (overnight || time < to))
        {
            var endDate = DateOnly.FromDateTime(local).AddDays(overnight ? 1 : 0);
            closesAt = ToInstant(endDate.ToDateTime(to), zone);
            return true;
        }

        if (overnight && time < to && IsDay(days, local.AddDays(-1).DayOfWeek))
        {
            closesAt = ToInstant(DateOnly.FromDateTime(local).ToDateTime(to), zone);
            return true;
        }

        return false;
    }

    private static bool IsDay(IReadOnlyList<string> days, DayOfWeek day)
    {
        foreach (var name in days)
        {
            if (TryParseDay(name, out var d) && d == day)
            {
                return true;
            }
        }

        return false;
    }
}
