using System.IO.Compression;
using System.Xml.Linq;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Packaging;

/// <summary>
/// The server as a user gets it: <c>dotnet pack</c> of the built server into a temporary feed, then
/// <c>dotnet tool install --tool-path</c> from that feed, once per test class. Everything lives under one temporary
/// folder that is not inside the repository, so nothing the installed tool finds can come from the source tree.
/// </summary>
public sealed class InstalledToolFixture : IAsyncLifetime
{
    /// <summary>The tool's package id and command (the server csproj's <c>PackageId</c> and <c>ToolCommandName</c>).</summary>
    public const string PackageId = "ReliabilityMcp.Server";

    /// <inheritdoc cref="PackageId"/>
    public const string CommandName = "reliability-mcp";

    /// <summary>The folder that holds the feed, the tool path and every test's working and data folders.</summary>
    public string Root { get; } = RepositoryPaths.NewTempDirectory("installed-tool");

    /// <summary>The packed <c>.nupkg</c>.</summary>
    public string PackagePath { get; private set; } = "";

    /// <summary>The package version, read from its nuspec.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The installed command: what a user puts in Claude Desktop's <c>command</c>.</summary>
    public string Command => Path.Combine(Root, "tools", OperatingSystem.IsWindows() ? CommandName + ".exe" : CommandName);

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var feed = Path.Combine(Root, "feed");

        // --no-build: the test project's reference has just built the server in this configuration; packing reuses
        // that build instead of compiling it a second time on a shared 2-core machine.
        await RunDotnetAsync(
            ["pack", Path.Combine(RepositoryPaths.Root, "src", "ReliabilityMcp.Server", "ReliabilityMcp.Server.csproj"),
             "--no-build", "-c", BuildConfiguration(), "-o", feed, $"-p:PublishDir={Path.Combine(Root, "publish")}{Path.DirectorySeparatorChar}"],
            timeout.Token);
        PackagePath = Assert.Single(Directory.GetFiles(feed, $"{PackageId}.*.nupkg"));
        Version = NuspecValue("version");

        await RunDotnetAsync(
            ["tool", "install", PackageId, "--version", Version, "--tool-path", Path.Combine(Root, "tools"), "--add-source", feed],
            timeout.Token);
        Assert.True(File.Exists(Command), $"dotnet tool install did not create {Command}.");
    }

    /// <summary>A new empty folder under <see cref="Root"/>.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, $"{name}-{Guid.NewGuid():N}")).FullName;

    /// <summary>The text of <paramref name="entry"/> in the package.</summary>
    public string ReadPackageEntry(string entry)
    {
        using var package = ZipFile.OpenRead(PackagePath);
        var found = package.GetEntry(entry) ?? throw new FileNotFoundException($"{entry} is not in {PackagePath}.");
        using var reader = new StreamReader(found.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The paths of every entry in the package.</summary>
    public IReadOnlyList<string> PackageEntries()
    {
        using var package = ZipFile.OpenRead(PackagePath);
        return [.. package.Entries.Select(entry => entry.FullName)];
    }

    /// <summary>The nuspec document.</summary>
    public XDocument Nuspec() => XDocument.Parse(ReadPackageEntry($"{PackageId}.nuspec"));

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private string NuspecValue(string element) =>
        Nuspec().Descendants().Single(e => e.Name.LocalName == element && e.Parent?.Name.LocalName == "metadata").Value;

    /// <summary>Debug or Release: the configuration this test assembly (and so the referenced server) was built in.</summary>
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private async Task RunDotnetAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ExternalProcess.RunAsync("dotnet", arguments, Root, null, cancellationToken);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed: {result}");
    }
}
