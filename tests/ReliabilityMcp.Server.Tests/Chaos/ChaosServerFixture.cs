using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>The estate plus an in-process server configured for it, with its own key prefix.</summary>
public sealed class ChaosServerFixture : IAsyncLifetime
{
    private ChaosEstate? _estate;
    private ReliabilityConfigFile? _config;
    private ServerApplicationFactory? _server;

    internal ChaosEstate Estate => _estate ?? throw new InvalidOperationException("The fixture has not started.");

    internal ServerApplicationFactory Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        _estate = await ChaosEstate.StartAsync();
        _config = ReliabilityConfigFile.Create(ChaosTestConfiguration.Yaml(_estate));
        _server = new ServerApplicationFactory(ChaosTestConfiguration.Settings(_config.FilePath, KeyPrefix));
        _server.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_estate is not null)
        {
            await _estate.DisposeAsync();
        }

        _config?.Dispose();
    }
}
