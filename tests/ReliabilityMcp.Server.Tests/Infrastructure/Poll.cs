namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>Waits for an eventually-true condition (a file watcher, a reconnect) by probing until a deadline.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Probes until <paramref name="done"/> holds and returns that value; when <paramref name="cancellationToken"/>
    /// ends first, fails with the last value seen so the failure says what the server was doing instead.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> done, string what, CancellationToken cancellationToken)
    {
        var last = default(T);
        try
        {
            while (true)
            {
                last = await probe(cancellationToken);
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(Interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Gave up waiting for {what}; last seen: {last}");
        }
    }
}
