namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// A window in an IANA time zone during which only LOW-risk actions run. Either absolute
/// (<see cref="Start"/>/<see cref="End"/>, local wall-clock times) or weekly
/// (<see cref="Days"/> with <see cref="From"/>/<see cref="To"/>; <c>To</c> earlier than <c>From</c> crosses midnight).
/// </summary>
public sealed record ChangeFreeze
{
    /// <summary>Name shown in decisions, e.g. <c>year-end</c>.</summary>
    public required string Name { get; init; }

    /// <summary>IANA time zone, e.g. <c>Europe/Berlin</c>. Never the server's local clock.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Absolute start, local time <c>yyyy-MM-ddTHH:mm</c> (inclusive).</summary>
    public DateTime? Start { get; init; }

    /// <summary>Absolute end, local time (exclusive).</summary>
    public DateTime? End { get; init; }

    /// <summary>Weekly: days the window opens on (<c>mon</c>…<c>sun</c>).</summary>
    public IReadOnlyList<string> Days { get; init; } = [];

    /// <summary>Weekly: local opening time <c>HH:mm</c>.</summary>
    public TimeOnly? From { get; init; }

    /// <summary>Weekly: local closing time <c>HH:mm</c> (exclusive).</summary>
    public TimeOnly? To { get; init; }
}
