using ReliabilityMcp.Redis.Incidents;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>Incident memory settings (configuration section <c>Incidents</c>).</summary>
public sealed class IncidentMemoryOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Incidents";

    /// <summary>The embedder.</summary>
    public IncidentEmbeddingOptions Embeddings { get; set; } = new();

    /// <summary>Index and search tuning.</summary>
    public IncidentSearchOptions Search { get; set; } = new();

    /// <summary>Load the shipped starter corpus when the store has never been seeded (the AppHost sets this).</summary>
    /// <value>Default false.</value>
    public bool SeedOnFirstRun { get; set; }

    /// <summary>Path of the seed corpus; relative to the server binary.</summary>
    /// <value>Default <c>Incidents/Seed/incidents.json</c> beside the binary.</value>
    public string? SeedPath { get; set; }

    /// <summary>The seed corpus path in force.</summary>
    public string ResolveSeedPath() => SeedPath is { Length: > 0 } path
        ? Path.GetFullPath(path, AppContext.BaseDirectory)
        : Path.Combine(AppContext.BaseDirectory, "Incidents", "Seed", "incidents.json");

    /// <summary>Problems with the settings that annotations cannot express; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (Embeddings.Provider == IncidentEmbeddingOptions.OpenAi)
        {
            if (Embeddings.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                yield return "Incidents:Embeddings:Endpoint must be an absolute http(s) URL when Provider is 'openai', e.g. https://api.openai.com.";
            }

            if (string.IsNullOrWhiteSpace(Embeddings.Model))
            {
                yield return "Incidents:Embeddings:Model is required when Provider is 'openai', e.g. text-embedding-3-small.";
            }
        }
    }
}
