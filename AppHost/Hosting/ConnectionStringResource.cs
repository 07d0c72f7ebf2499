using Microsoft.Extensions.Logging;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// An existing store the orchestrator does not run (<c>ConnectionStrings:&lt;name&gt;</c> configured):
/// dependants still wait until it answers PING, and receive its connection string.
/// </summary>
internal sealed partial class ConnectionStringResource(string name, string connectionString, ILogger logger)
    : Resource(name), IResourceWithConnectionString
{
    /// <inheritdoc />
    public string ConnectionString { get; } = connectionString;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Log.UsingExternal(logger, Name, StoreHealth.Describe(ConnectionString));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) =>
        StoreHealth.PingAsync(ConnectionString, TimeSpan.FromSeconds(2), cancellationToken);

    /// <inheritdoc />
    public override async Task<int?> WaitForExitAsync(CancellationToken cancellationToken)
    {
        // Not ours to run, so it never "exits"; an outage shows as unhealthy instead.
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "ExternalResource", Level = LogLevel.Information,
            Message = "{Resource} is the existing store at {Endpoint} (ConnectionStrings:{Resource} is configured); not starting one")]
        public static partial void UsingExternal(ILogger logger, string resource, string endpoint);
    }
}
