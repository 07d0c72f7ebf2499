using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>Registers the fault registry and binds <see cref="ChaosOptions"/> from the <c>Chaos</c> section.</summary>
public static class ChaosServiceCollectionExtensions
{
    /// <summary>Adds the chaos middleware's services; <c>Chaos:Token</c> unset leaves the control endpoints disabled.</summary>
    public static IServiceCollection AddReliabilityChaos(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChaosOptions>().BindConfiguration(ChaosOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<FaultRegistry>();
        return services;
    }
}
