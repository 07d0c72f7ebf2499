namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// A rolling window summed from <see cref="Slots"/> buckets of <see cref="Resolution"/>: the current (partial)
/// bucket and the <see cref="Slots"/> − 1 before it. So "5m" covers between 4 and 5 whole minutes plus the
/// running one, and "30d" the running day plus 29 before it. Aligning to buckets keeps a window's sum to a bounded
/// number of reads; burn rates are ratios, so the few minutes (hours, for long windows) of slack barely move them.
/// </summary>
/// <param name="Name">Wire name, e.g. <c>5m</c>.</param>
/// <param name="Resolution">Bucket size.</param>
/// <param name="Slots">Number of buckets.</param>
public sealed record SloWindow(string Name, SloResolution Resolution, int Slots)
{
    /// <summary>5 minutes.</summary>
    public static readonly SloWindow FiveMinutes = new("5m", SloResolution.Minute, 5);

    /// <summary>30 minutes.</summary>
    public static readonly SloWindow ThirtyMinutes = new("30m", SloResolution.Minute, 30);

    /// <summary>1 hour.</summary>
    public static readonly SloWindow OneHour = new("1h", SloResolution.Minute, 60);

    /// <summary>2 hours.</summary>
    public static readonly SloWindow TwoHours = new("2h", SloResolution.Minute, 120);

    /// <summary>6 hours.</summary>
    public static readonly SloWindow SixHours = new("6h", SloResolution.Minute, 360);

    /// <summary>1 day.</summary>
    public static readonly SloWindow OneDay = new("1d", SloResolution.Hour, 24);

    /// <summary>3 days.</summary>
    public static readonly SloWindow ThreeDays = new("3d", SloResolution.Hour, 72);

    /// <summary>The burn-rate windows of the Workbook's multi-window alerts, shortest first.</summary>
    public static IReadOnlyList<SloWindow> BurnWindows { get; } = [FiveMinutes, ThirtyMinutes, OneHour, TwoHours, SixHours, OneDay, ThreeDays];

    /// <summary>The SLO's rolling window of <paramref name="days"/> days.</summary>
    public static SloWindow Rolling(int days) => new($"{days}d", SloResolution.Day, days);

    /// <summary>The nominal length of the window.</summary>
    public TimeSpan Length => SlotLength(Resolution) * Slots;

    /// <summary>The length of one bucket.</summary>
    public static TimeSpan SlotLength(SloResolution resolution) => resolution switch
    {
        SloResolution.Minute => TimeSpan.FromMinutes(1),
        SloResolution.Hour => TimeSpan.FromHours(1),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>The bucket index (units since the Unix epoch) that <paramref name="time"/> falls in.</summary>
    public static long SlotOf(DateTimeOffset time, SloResolution resolution) =>
        time.ToUnixTimeMilliseconds() / (long)SlotLength(resolution).TotalMilliseconds;
}
