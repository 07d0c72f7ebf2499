namespace ReliabilityMcp.Server.Configuration;

/// <summary>Where the reliability configuration (policies, service graph, actions, guard) lives.</summary>
public sealed class ReliabilityConfigurationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Reliability";

    /// <summary>Path of the YAML (or JSON) file; relative paths are resolved against the content root.</summary>
    /// <value>Default: the shipped <c>Configuration/reliability.yaml</c> beside the server binary.</value>
    public string? ConfigPath { get; set; }

    /// <summary>Prefix of every key the server writes to the store.</summary>
    /// <value>Default <c>rmcp</c>.</value>
    public string KeyPrefix { get; set; } = "rmcp";

    /// <summary>
    /// How long the guard waits for counter state before deciding without it (and failing closed). Keep it under
    /// 2 s: DESIGN §4 promises a denial within 2 s when the store is unreachable.
    /// </summary>
    /// <value>Default 1500 ms.</value>
    [System.ComponentModel.DataAnnotations.Range(50, 60_000)]
    public int StoreBudgetMilliseconds { get; set; } = 1500;

    /// <summary>
    /// How long a state-changing tool call (execute_remediation, approve_request, run_chaos, record_incident,
    /// record_outcome) may wait on the store in all, every wait of the call sharing this one deadline, before it
    /// fails closed (issue 17: the 2 s promise is for the whole call). It stops applying once the call commits to
    /// acting (an executor starts, a chaos run is persisted).
    /// </summary>
    /// <value>Default 1800 ms, leaving room inside 2 s to answer.</value>
    [System.ComponentModel.DataAnnotations.Range(50, 60_000)]
    public int FailClosedBudgetMilliseconds { get; set; } = 1800;

    /// <summary>Resolves <see cref="ConfigPath"/>.</summary>
    public string ResolvePath(string contentRoot) => ConfigPath is { Length: > 0 } path
        ? Path.GetFullPath(path, contentRoot)
        : Path.Combine(AppContext.BaseDirectory, "Configuration", "reliability.yaml");
}
