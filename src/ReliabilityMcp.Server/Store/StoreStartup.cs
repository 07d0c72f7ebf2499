namespace ReliabilityMcp.Server.Store;

/// <summary>Resolves the store endpoint during startup, so the embedded store is up before the first call.</summary>
internal sealed class StoreStartup(StoreEndpoint endpoint) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => endpoint.GetConnectionStringAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
