using System.Text.Json;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Stdio;

/// <summary>
/// What a Claude Desktop user gets with no connection string: the stdio server starts (or reuses) the shared local
/// Garnet in its data directory, so nothing else has to be running.
/// </summary>
public sealed class StdioEmbeddedStoreTests
{
    [Fact]
    public async Task StdioWithoutConnectionString_StartsThenReusesTheSharedLocalStore()
    {
        var cancellationToken = TestTimeouts.Token();
        var dataDirectory = RepositoryPaths.NewTempDirectory("stdio-embedded");
        var environment = new Dictionary<string, string?> { ["ReliabilityMcp__DataDirectory"] = dataDirectory };
        try
        {
            JsonElement first;
            await using (var client = await McpClients.ConnectStdioAsync(McpClients.November2025, standardError: null, cancellationToken, environment))
            {
                first = (JsonElement)(await client.CallToolAsync("server_status", cancellationToken: cancellationToken)).StructuredContent!;
            }

            // A second launch (another Claude Desktop window) finds the same store through the port file.
            await using var second = await McpClients.ConnectStdioAsync(McpClients.November2025, standardError: null, cancellationToken, environment);
            var again = (JsonElement)(await second.CallToolAsync("server_status", cancellationToken: cancellationToken)).StructuredContent!;

            var store = first.GetProperty("store");
            Assert.True(store.GetProperty("reachable").GetBoolean());
            Assert.True(store.GetProperty("embedded").GetBoolean());
            Assert.Equal(store.GetProperty("endPoint").GetString(), again.GetProperty("store").GetProperty("endPoint").GetString());
            Assert.True(again.GetProperty("store").GetProperty("reachable").GetBoolean());
            Assert.True(File.Exists(Path.Combine(dataDirectory, "store", "garnet.json")));
        }
        finally
        {
            await SharedGarnet.StopAsync(dataDirectory, cancellationToken: CancellationToken.None);
        }
    }
}
