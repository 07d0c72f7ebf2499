namespace ReliabilityMcp.Server.Configuration;

/// <summary>Loads the reliability configuration during startup so a bad file fails fast with its errors.</summary>
internal sealed class ConfigurationStartupCheck(HotReloadingConfigurationSource source) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = source.Version;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
