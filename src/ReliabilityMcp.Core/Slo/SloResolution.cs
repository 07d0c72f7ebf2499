namespace ReliabilityMcp.Core.Slo;

/// <summary>The bucket size a window is summed at.</summary>
public enum SloResolution
{
    /// <summary>One-minute buckets (windows up to 1 h).</summary>
    Minute,

    /// <summary>Five-minute buckets (2 h and 6 h).</summary>
    FiveMinutes,

    /// <summary>One-hour buckets (1 d and 3 d).</summary>
    Hour,

    /// <summary>One-day buckets (the 28 or 30 day SLO window).</summary>
    Day,
}
