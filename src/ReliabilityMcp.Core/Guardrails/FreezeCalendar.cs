namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Evaluates change-freeze windows and business hours in their own IANA zones, never the server's clock zone.</summary>
public static class FreezeCalendar
{
    /// <summary>The first freeze active at <paramref name="now"/> and when it ends, or null.</summary>
    public static (ChangeFreeze Freeze, DateTimeOffset EndsAt)? ActiveFreeze(IReadOnlyList<ChangeFreeze> freezes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(freezes);
        foreach (var freeze in freezes)
        {
            var zone = ZonedTime.FindZone(freeze.TimeZone);
            if (zone is null)
            {
                continue; // rejected at load; a config that got here has valid zones
            }

            if (freeze.Start is { } start && freeze.End is { } end)
            {
                var from = ZonedTime.ToInstant(start, zone);
                var to = ZonedTime.ToInstant(end, zone);
                if (now >= from && now < to)
                {
                    return (freeze, to);
                }
            }
            else if (freeze.From is { } open && freeze.To is { } close
                && ZonedTime.InWeeklyWindow(now, zone, freeze.Days, open, close, out var closesAt))
            {
                return (freeze, closesAt);
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="now"/> is inside <paramref name="hours"/>.</summary>
    public static bool InBusinessHours(BusinessHours hours, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var zone = ZonedTime.FindZone(hours.TimeZone);
        return zone is null || ZonedTime.InWeeklyWindow(now, zone, hours.Days, hours.From, hours.To, out _);
    }
}
