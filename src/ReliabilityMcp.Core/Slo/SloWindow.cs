namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// A rolling window summed from <see cref="Slots"/> buckets of <see cref="Resolution"/>: the current (partial)
/// bucket and the <see cref="Slots"/> − 1 before it. So "5m" covers 4 whole minutes plus the running one, "6h" 71
/// whole five-minute buckets plus the running one, and "30d" the running day plus 29 before it. Aligning to buckets
/// keeps a window's sum to a bounded number of reads; burn rates are ratios, so the slack of at most one bucket
/// (a minute up to 1 h, five minutes for 2 h and 6 h, an hour for 1 d and 3 d, a day for the SLO window) barely
/// moves them.
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
    public static readonly SloWindow TwoHours = new("2h", SloResolution.FiveMinutes, 24);

    /// <summary>6 hours.</summary>
    public static readonly SloWindow SixHours = new("6h", SloResolution.FiveMinutes, 72);

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
        SloResolution.FiveMinutes => TimeSpan.FromMinutes(5),
        SloResolution.Hour => TimeSpan.FromHours(1),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>The bucket index (units since the Unix epoch) that <paramref name="time"/> falls in.</summary>
    public static long SlotOf(DateTimeOffset time, SloResolution resolution) =>
        time.ToUnixTimeMilliseconds() / (long)SlotLength(resolution).TotalMilliseconds;
}
