namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>
/// An HTTP server with the test tokens, its own copy of the shipped configuration with
/// <see cref="TestTokens.ExplorerPrincipal"/> in explore mode, and its own store key prefix, so its audit trail and
/// guard counters start empty and no other test class sees them.
/// </summary>
public sealed class IsolatedServerFixture : IAsyncLifetime
{
    private ServerApplicationFactory? _factory;
    private ReliabilityConfigFile? _config;

    /// <summary>The running server.</summary>
    public ServerApplicationFactory Server => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The server's <c>Reliability:KeyPrefix</c>.</summary>
    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}";

    /// <summary>An HTTP client for the server's base address, with a bearer token when given.</summary>
    public HttpClient CreateHttpClient(string? token)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        _config = ReliabilityConfigFile.Create(ReliabilityConfigFile.ShippedTextWithExplorer());
        var settings = TestTokens.Configuration();
        settings["Reliability:ConfigPath"] = _config.FilePath;
        settings["Reliability:KeyPrefix"] = KeyPrefix;
        _factory = new ServerApplicationFactory(settings);
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

        _config?.Dispose();
    }
}
