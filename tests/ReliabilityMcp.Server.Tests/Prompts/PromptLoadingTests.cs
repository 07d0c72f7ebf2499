using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Prompts;

/// <summary>
/// The stateless HTTP transport builds the server options for every request; the prompt files must still be read
/// once per process (re-reading them per call cost read-only tools most of their throughput, issue 23).
/// </summary>
public sealed class PromptLoadingTests
{
    [Fact]
    public async Task HttpCalls_Several_PromptFilesReadOncePerProcess()
    {
        var ct = TestTimeouts.Token();
        var logs = new LogCapture();
        await using var server = ServerApplicationFactory.StartOn(TestStore.ConnectionString, logs);
        for (var call = 0; call < 3; call++)
        {
            await using var client = await McpClients.ConnectHttpAsync(server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
            var prompts = await client.ListPromptsAsync(cancellationToken: ct);
            await client.CallToolAsync("server_status", cancellationToken: ct);

            Assert.NotEmpty(prompts);
        }

        Assert.Single(logs.Entries, e => e.EventName == "PromptsLoaded");
    }
}
