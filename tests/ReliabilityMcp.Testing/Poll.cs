using Xunit;

namespace ReliabilityMcp.Testing;

/// <summary>Waits for an eventually-true condition by probing it against a deadline (never a fixed sleep).</summary>
public static class Poll
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

    /// <summary>Polls <paramref name="condition"/> every 5 ms until it holds; fails the test after <paramref name="timeoutSeconds"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * timeoutSeconds);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, $"Gave up after {timeoutSeconds} s waiting until {what}.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Calls <paramref name="attempt"/> every 20 ms until it returns a value; fails the test after <paramref name="timeoutSeconds"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, string what, int timeoutSeconds = 60)
        where T : class
    {
        var deadline = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * timeoutSeconds);
        while (true)
        {
            if (await attempt() is { } result)
            {
                return result;
            }

            Assert.True(TimeProvider.System.GetTimestamp() < deadline, $"Gave up after {timeoutSeconds} s waiting until {what}.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
