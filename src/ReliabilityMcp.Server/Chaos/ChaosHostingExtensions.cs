using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Audit;
using ReliabilityMcp.Redis.Chaos;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Registers chaos experiments: the runner, its store, the middleware client and the faultable store pipeline.</summary>
public static class ChaosHostingExtensions
{
    private const string RawAuditKey = "chaos-raw-audit";

    /// <summary>
    /// Adds the chaos feature. Requires the store and the guardrails (call after them): it wraps the store
    /// connection every tool uses in <see cref="FaultInjectingStoreConnection"/>, so control-plane game days fault
    /// the real pipeline, while the runner itself persists and audits over the raw connection.
    /// </summary>
    public static IHostApplicationBuilder AddChaos(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ChaosRunnerOptions>().BindConfiguration(ChaosRunnerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(ChaosControlClient.HttpClientName);
        services.AddSingleton<ChaosTokenProvider>();
        services.AddSingleton<ChaosControlClient>();
        services.AddSingleton<ChaosRequestBuilder>();
        services.AddSingleton(sp => new StoreFaultSwitch(sp.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IStoreConnection>(sp => new FaultInjectingStoreConnection(
            sp.GetRequiredService<StoreConnection>(), sp.GetRequiredService<StoreFaultSwitch>(), sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton<IChaosExperimentStore>(sp => new RedisChaosExperimentStore(sp.GetRequiredService<StoreConnection>(), sp.GetRequiredService<StoreKeys>()));
        services.AddKeyedSingleton(RawAuditKey, (sp, _) => new RedisAuditTrail(sp.GetRequiredService<StoreConnection>(), sp.GetRequiredService<StoreKeys>()));
        services.AddSingleton(sp => new ChaosRunner.Dependencies(
            sp.GetRequiredService<IChaosExperimentStore>(),
            sp.GetRequiredKeyedService<RedisAuditTrail>(RawAuditKey),
            sp.GetRequiredService<ChaosControlClient>(),
            sp.GetRequiredService<StoreFaultSwitch>(),
            sp.GetRequiredService<IStoreConnection>(),
            sp.GetRequiredService<IReliabilityConfigurationSource>(),
            sp.GetRequiredService<IOptions<ChaosRunnerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ChaosRunner>>(),
            sp.GetService<ISloSignals>()));
        services.AddSingleton<ChaosRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ChaosRunner>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApprovedRequestHandler, ChaosApprovedRequestHandler>());
        return builder;
    }
}
