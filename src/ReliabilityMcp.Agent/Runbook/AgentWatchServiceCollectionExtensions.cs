using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReliabilityMcp.Agent.Runbook;

/// <summary>Registers the watch loop and the chosen brain.</summary>
public static class AgentWatchServiceCollectionExtensions
{
    /// <summary>The watch loop as a hosted service with the <paramref name="brain"/> brain (<c>runbook</c> or <c>llm</c>).</summary>
    public static IServiceCollection AddAgentWatch(this IServiceCollection services, string brain)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Func<CancellationToken, Task<IAgentTools>>>(sp =>
        {
            var options = sp.GetRequiredService<AgentOptions>();
            return async ct => await McpAgentTools.ConnectAsync(options, ct).ConfigureAwait(false);
        });
        if (brain == "llm")
        {
            services.AddSingleton<IAlertBrain, LlmBrain>();
        }
        else
        {
            services.AddSingleton<IAlertBrain, RunbookBrain>();
        }

        services.AddSingleton<WatchLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<WatchLoop>());
        return services;
    }
}
