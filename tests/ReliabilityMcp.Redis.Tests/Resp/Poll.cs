namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>Waits for a condition by polling it against a deadline (never a fixed sleep).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * timeoutSeconds);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, $"Gave up after {timeoutSeconds} s waiting until {what}.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

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
