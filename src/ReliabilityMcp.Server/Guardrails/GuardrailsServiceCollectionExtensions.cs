using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Audit;
using ReliabilityMcp.Redis.Guardrails;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Server.Audit;
using ReliabilityMcp.Server.Configuration;

namespace ReliabilityMcp.Server.Guardrails;

/// <summary>Registers the reliability configuration, the guard, its store-backed counters and the audit trail.</summary>
public static class GuardrailsServiceCollectionExtensions
{
    /// <summary>Adds the guard and everything it needs. Requires the store (<c>AddStore</c>).</summary>
    public static IHostApplicationBuilder AddGuardrails(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReliabilityConfigurationOptions>().BindConfiguration(ReliabilityConfigurationOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HotReloadingConfigurationSource>();
        services.AddSingleton<IReliabilityConfigurationSource>(sp => sp.GetRequiredService<HotReloadingConfigurationSource>());
        services.AddSingleton(sp => new StoreKeys(sp.GetRequiredService<IOptions<ReliabilityConfigurationOptions>>().Value.KeyPrefix));
        services.AddSingleton<IGuardCounterStore>(sp => new RedisGuardCounterStore(sp.GetRequiredService<IStoreConnection>(), sp.GetRequiredService<StoreKeys>()));
        services.AddSingleton(sp => new RedisAuditTrail(sp.GetRequiredService<IStoreConnection>(), sp.GetRequiredService<StoreKeys>()));
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<RedisAuditTrail>());
        services.AddSingleton(sp => new GuardServiceOptions
        {
            StoreBudget = TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ReliabilityConfigurationOptions>>().Value.StoreBudgetMilliseconds),
        });
        services.AddSingleton<GuardService>();
        services.AddSingleton<PolicyService>();
        services.AddSingleton<ExploreReadAuditor>();
        services.AddHealthChecks().AddCheck<HotReloadingConfigurationSource>("configuration", tags: ["ready"]);
        // Resolve at start so an invalid configuration file stops the server with its errors, not the first call.
        services.AddHostedService<ConfigurationStartupCheck>();
        return builder;
    }
}
