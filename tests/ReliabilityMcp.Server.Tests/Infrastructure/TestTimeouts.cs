namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>The one timeout every test waits with: generous, because two cores are shared with other work.</summary>
internal static class TestTimeouts
{
    /// <summary>Upper bound for any single exchange with a server under test.</summary>
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound for an external CLI run (Node start-up, npm cache).</summary>
    public static TimeSpan ExternalTool { get; } = TimeSpan.FromMinutes(3);

    /// <summary>A token cancelled after <see cref="Default"/> or when the test is cancelled.</summary>
    public static CancellationToken Token(TimeSpan? timeout = null)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(timeout ?? Default);
        return source.Token;
    }
}
