namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>How a resource that dies is brought back: exponential backoff, capped.</summary>
internal sealed class RestartPolicy
{
    /// <summary>Delay before the first restart after a crash.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the doubling delay.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An instance that stayed up this long resets the delay to <see cref="InitialDelay"/>.</summary>
    /// <value>Default 60 seconds.</value>
    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Restarts that never reach healthy, in a row, after which the orchestrator gives up and stops
    /// the application (a store whose disk is full will not heal by retrying forever).</summary>
    /// <value>Default 5.</value>
    public int MaxFailedStarts { get; init; } = 5;

    /// <summary>The delay that follows <paramref name="previous"/>.</summary>
    public TimeSpan Next(TimeSpan previous) =>
        previous <= TimeSpan.Zero ? InitialDelay : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxDelay.Ticks));
}
