using Microsoft.Extensions.DependencyInjection.Extensions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Redis.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>Registers the SLO engine: counters in the store, the engine (also the guard's <see cref="ISloSignals"/>), the scraper.</summary>
public static class SloServiceCollectionExtensions
{
    /// <summary>Adds the SLO feature. Requires the store and the guardrails (configuration, <see cref="StoreKeys"/>).</summary>
    public static IHostApplicationBuilder AddSlo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new RedisSloStore(sp.GetRequiredService<IStoreConnection>(), sp.GetRequiredService<StoreKeys>()));
        services.AddSingleton<ISloCounterStore>(sp => sp.GetRequiredService<RedisSloStore>());
        // GuardService takes these optionally: with them registered it gates on SLOs, counts the agents' decisions and
        // checks a named policy against the measured telemetry.
        services.AddSingleton<IGuardDecisionObserver>(sp => sp.GetRequiredService<RedisSloStore>());
        services.AddSingleton(sp => new SloService(
            sp.GetRequiredService<IReliabilityConfigurationSource>(), sp.GetRequiredService<ISloCounterStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISloSignals>(sp => sp.GetRequiredService<SloService>());
        services.AddSingleton<IObservedTelemetry>(sp => sp.GetRequiredService<SloService>());
        services.AddSingleton<SloStatusQuery>();
        services.AddHttpClient(SloScraper.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<SloScraper>();
        services.AddHostedService(sp => sp.GetRequiredService<SloScraper>());
        return builder;
    }
}
