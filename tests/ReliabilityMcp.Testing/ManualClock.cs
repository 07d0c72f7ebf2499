namespace ReliabilityMcp.Testing;

/// <summary>A clock the test moves by hand (SLO windows, scrape intervals).</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>The time <see cref="GetUtcNow"/> returns.</summary>
    public DateTimeOffset Now { get; set; } = now;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;
}
