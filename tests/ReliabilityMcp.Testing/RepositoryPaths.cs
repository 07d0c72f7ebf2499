namespace ReliabilityMcp.Testing;

/// <summary>Locates the repository root (the folder holding ReliabilityMcp.sln) from a test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReliabilityMcp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ReliabilityMcp.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository root.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A fresh, empty temporary directory for one test's data.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "reliabilitymcp-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
