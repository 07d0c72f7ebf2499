using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Incidents;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Incidents;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>Registers incident memory (configuration section <c>Incidents</c>).</summary>
public static class IncidentMemoryHostingExtensions
{
    /// <summary>
    /// Adds the embedder chosen by <c>Incidents:Embeddings:Provider</c>, the Redis incident store, the
    /// <see cref="IncidentMemory"/> service, the seeder and the first-run seeding. Requires the store.
    /// </summary>
    public static IHostApplicationBuilder AddIncidentMemory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IncidentMemoryOptions>().BindConfiguration(IncidentMemoryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IncidentMemoryOptions>, IncidentMemoryOptionsValidator>();
        // The guard registers the same keys; the seed command runs without the guard.
        services.TryAddSingleton(sp => new StoreKeys(sp.GetRequiredService<IConfiguration>()["Reliability:KeyPrefix"] ?? "rmcp"));
        services.AddHttpClient(OpenAiEmbeddingGenerator.HttpClientName);
        services.AddSingleton(sp => new IncidentKeys(sp.GetRequiredService<StoreKeys>()));
        services.AddSingleton(sp => new RedisIncidentStore(
            sp.GetRequiredService<IStoreConnection>(), sp.GetRequiredService<IncidentKeys>(), sp.GetRequiredService<IOptions<IncidentMemoryOptions>>().Value.Search));
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<RedisIncidentStore>());
        services.AddSingleton(CreateVectorizer);
        services.AddSingleton(sp => new IncidentMemory(sp.GetRequiredService<IIncidentStore>(), sp.GetRequiredService<IncidentVectorizer>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IncidentSeeder>();
        services.AddHostedService<IncidentSeedOnFirstRun>();
        return builder;
    }

    private static IncidentVectorizer CreateVectorizer(IServiceProvider services)
    {
        var embeddings = services.GetRequiredService<IOptions<IncidentMemoryOptions>>().Value.Embeddings;
        if (embeddings.Provider != IncidentEmbeddingOptions.OpenAi)
        {
            return IncidentVectorizer.CreateHashing(embeddings.Dimension);
        }

        var client = new OpenAiEmbeddingGenerator(
            services.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiEmbeddingGenerator.HttpClientName), embeddings);
        return new IncidentVectorizer(client, client.EmbedderId, embeddings.Dimension);
    }
}
