namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>
/// An HTTP server with no tokens: the safe default for a local server, where loopback callers are the anonymous
/// agent. The conformance CLI has no way to send credentials, so it tests this configuration.
/// </summary>
public sealed class AnonymousServerFixture : IAsyncLifetime
{
    private ServerApplicationFactory? _factory;

    /// <summary>The running server.</summary>
    public ServerApplicationFactory Server => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        _factory = new ServerApplicationFactory(new Dictionary<string, string?>());
        _factory.Start();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
