namespace ReliabilityMcp.Redis.Embedded;

/// <summary>How <see cref="SharedGarnet"/> starts a store when none is running yet.</summary>
public sealed class SharedGarnetOptions
{
    /// <summary>Main log memory (Garnet <c>--memory</c>).</summary>
    /// <value>Default <c>512m</c>: enough for a desktop user's incidents; Garnet's own default (16g) is not.</value>
    public string MemorySize { get; set; } = "512m";

    /// <summary>Initial hash index size (Garnet <c>--index</c>).</summary>
    /// <value>Default <c>64m</c>.</value>
    public string IndexSize { get; set; } = "64m";

    /// <summary>How long a new store may take to answer PING.</summary>
    /// <value>Default 60 seconds (the first start may run <c>dotnet tool restore</c>).</value>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for another process that holds the store lock (it may be starting the store).</summary>
    /// <value>Default 120 seconds: longer than <see cref="StartTimeout"/>, so a waiter outlasts a slow first start.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Path of <c>.config/dotnet-tools.json</c>; <see langword="null"/> searches upwards from the
    /// application and working directories.</summary>
    public string? ToolManifestPath { get; set; }
}
