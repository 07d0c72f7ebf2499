using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>
/// A private copy of the shipped <c>reliability.yaml</c> in its own temporary directory, for servers whose
/// configuration a test edits (<c>Reliability:ConfigPath</c>). The directory is deleted on dispose.
/// </summary>
internal sealed class ReliabilityConfigFile : IDisposable
{
    private ReliabilityConfigFile(string path) => FilePath = path;

    /// <summary>The shipped file, copied beside the tests by the server project reference.</summary>
    public static string ShippedPath { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Configuration", "reliability.yaml");

    /// <summary>Full path of the copy.</summary>
    public string FilePath { get; }

    /// <summary>The shipped configuration with <see cref="TestTokens.ExplorerPrincipal"/> in explore mode.</summary>
    public static string ShippedTextWithExplorer()
    {
        const string principals = "  principals:\n";
        var text = File.ReadAllText(ShippedPath);
        return text.Contains(principals, StringComparison.Ordinal)
            ? text.Replace(principals, $"{principals}    {TestTokens.ExplorerPrincipal}: {{ mode: explore }}\n", StringComparison.Ordinal)
            : throw new InvalidOperationException($"{ShippedPath} no longer contains a 'principals:' map under guard; update the test helper.");
    }

    /// <summary>Writes <paramref name="text"/> to a new temporary file.</summary>
    public static ReliabilityConfigFile Create(string text)
    {
        var file = new ReliabilityConfigFile(System.IO.Path.Combine(RepositoryPaths.NewTempDirectory("reliability-config"), "reliability.yaml"));
        File.WriteAllText(file.FilePath, text);
        return file;
    }

    /// <summary>Replaces the file's content (the server's watcher picks it up).</summary>
    public void Write(string text) => File.WriteAllText(FilePath, text);

    /// <summary>1-based line of the first line containing <paramref name="fragment"/>.</summary>
    public static int LineOf(string text, string fragment)
    {
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, line => line.Contains(fragment, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new ArgumentException($"'{fragment}' is not in the text.", nameof(fragment));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(FilePath)!, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; the test result is what matters.
        }
    }
}
