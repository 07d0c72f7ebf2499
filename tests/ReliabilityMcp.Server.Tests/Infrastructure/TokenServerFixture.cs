namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>An HTTP server with bearer tokens configured (<see cref="TestTokens"/>).</summary>
public sealed class TokenServerFixture : IAsyncLifetime
{
    private ServerApplicationFactory? _factory;

    /// <summary>The running server.</summary>
    public ServerApplicationFactory Server => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        _factory = new ServerApplicationFactory(TestTokens.Configuration());
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
