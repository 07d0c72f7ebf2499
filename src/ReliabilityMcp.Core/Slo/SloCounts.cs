namespace ReliabilityMcp.Core.Slo;

/// <summary>Events counted in a window.</summary>
/// <param name="Total">All events.</param>
/// <param name="Good">Good events (at most <paramref name="Total"/>).</param>
public readonly record struct SloCounts(long Total, long Good)
{
    /// <summary>Bad events.</summary>
    public long Bad => Math.Max(0, Total - Good);

    /// <summary>Bad / total, 0 when there were no events.</summary>
    public double ErrorRatio => Total == 0 ? 0 : (double)Bad / Total;

    /// <summary>Component-wise sum.</summary>
    public static SloCounts operator +(SloCounts left, SloCounts right) => new(left.Total + right.Total, left.Good + right.Good);

    /// <summary>Component-wise sum (named alternative to the operator).</summary>
    public static SloCounts Add(SloCounts left, SloCounts right) => left + right;
}
