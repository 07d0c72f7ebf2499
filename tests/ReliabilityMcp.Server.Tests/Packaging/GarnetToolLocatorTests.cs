using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Packaging;

/// <summary>
/// An installed tool restores its pinned Garnet on first start. When that cannot work (no feed serves it), the
/// failure must say what to set instead, not only that a restore failed.
/// </summary>
public sealed class GarnetToolLocatorTests
{
    [Fact]
    public async Task Locate_WhenNoFeedServesThePinnedGarnet_SaysToSetTheStoreConnectionString()
    {
        var folder = RepositoryPaths.NewTempDirectory("garnet-locator");
        try
        {
            // A version no cache holds, and a NuGet.config whose only feed is an empty folder: restore fails at once,
            // without asking any registry.
            var emptyFeed = Directory.CreateDirectory(Path.Combine(folder, "empty-feed")).FullName;
            File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /><add key="empty" value="{emptyFeed}" /></packageSources></configuration>
                """);
            var manifest = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, ".config")).FullName, "dotnet-tools.json");
            File.WriteAllText(manifest, """
                {"version": 1, "isRoot": true, "tools": {"garnet-server": {"version": "0.0.1-none", "commands": ["garnet-server"], "rollForward": false}}}
                """);

            var failure = await Assert.ThrowsAsync<InvalidOperationException>(
                () => GarnetToolLocator.LocateAsync(manifest, TestTimeouts.Token(TestTimeouts.ExternalTool)));

            Assert.Contains("garnet-server", failure.Message, StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings__store", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
