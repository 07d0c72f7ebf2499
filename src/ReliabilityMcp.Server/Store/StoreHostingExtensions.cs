using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Store;

/// <summary>Registers the store connection for the server.</summary>
public static class StoreHostingExtensions
{
    /// <summary>
    /// Adds the shared store connection (and its <c>store</c> and <c>store-safety</c> health checks) for <see cref="StoreEndpoint"/>: the
    /// configured connection string, or the embedded local Garnet started at startup when none is configured.
    /// </summary>
    public static IHostApplicationBuilder AddReliabilityStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration.GetConnectionString(StoreServiceCollectionExtensions.ConnectionStringName) is { } configured)
        {
            // Fail at start on a malformed connection string rather than at the first call.
            _ = StoreConfiguration.Parse(configured);
        }

        builder.Services.AddSingleton<StoreEndpoint>();
        // Registered before any other hosted service that might use the store.
        builder.Services.AddHostedService<StoreStartup>();
        builder.Services.AddSingleton<StoreSafetyCheck>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreSafetyCheck>());
        builder.Services.AddHealthChecks().AddCheck<StoreSafetyCheck>(StoreSafetyCheck.HealthCheckName, tags: ["ready"]);
        builder.Services.AddStore(sp =>
            sp.GetRequiredService<StoreEndpoint>().GetConnectionStringAsync(CancellationToken.None).GetAwaiter().GetResult());
        return builder;
    }
}
