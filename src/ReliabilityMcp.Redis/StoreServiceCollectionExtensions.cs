using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis;

/// <summary>Registers the store connection and its health check.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Name of the connection string (<c>ConnectionStrings:store</c>, env <c>ConnectionStrings__store</c>).</summary>
    public const string ConnectionStringName = "store";

    /// <summary>Name and tag of the registered health check.</summary>
    public const string HealthCheckName = "store";

    /// <summary>
    /// Registers one shared <see cref="IStoreConnection"/> (one StackExchange.Redis <see cref="IConnectionMultiplexer"/>
    /// per process, also registered) built from <c>ConnectionStrings:store</c> and a
    /// <see cref="StoreHealthCheck"/> named <c>store</c> (tagged <c>ready</c>). The connection is created on first
    /// use and connects in the background, so the host starts even while the store is down; callers then get
    /// <see cref="StoreUnavailableException"/> and the health check reports Unhealthy until it is reachable.
    /// </summary>
    /// <remarks>
    /// The connection string is read when the connection is first resolved (so a host can start an embedded store
    /// and set it first); when it is already present it is also parsed here, so a malformed value fails at start-up.
    /// </remarks>
    /// <exception cref="FormatException">The connection string is present but malformed.</exception>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetConnectionString(ConnectionStringName) is { } present)
        {
            _ = StoreConfiguration.Parse(present);
        }

        return AddStore(services, _ => (
            configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set; expected 'host:port,password=...' " +
                $"(environment variable ConnectionStrings__{ConnectionStringName}).")));
    }

    /// <summary>Registers the store connection with the connection string returned by <paramref name="connectionString"/> (see the other overload).</summary>
    public static IServiceCollection AddStore(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => StoreConnection.Create(connectionString(provider)));
        services.TryAddSingleton<IStoreConnection>(provider => provider.GetRequiredService<StoreConnection>());
        services.TryAddSingleton(provider => provider.GetRequiredService<StoreConnection>().Multiplexer);
        services.AddHealthChecks().AddCheck<StoreHealthCheck>(HealthCheckName, tags: ["ready", HealthCheckName]);
        return services;
    }
}
