using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Incidents;

/// <summary>
/// The embedder is chosen by configuration, and a server configured with another embedder or dimension than the
/// one that built the store's index refuses to mix vectors, with a message that says why and what to do.
/// </summary>
public sealed class IncidentEmbedderConfigurationTests
{
    [Fact]
    public async Task Server_WithOpenAiProvider_EmbedsThroughTheEndpoint_ThenHashingServerOnSamePrefixIsRefused()
    {
        var ct = TestTimeouts.Token();
        await using var endpoint = await FakeEmbeddingsEndpoint.StartAsync(ct);
        var prefix = $"test-{Guid.NewGuid():N}";
        await using (var openAi = Start(prefix, new()
        {
            ["Incidents:Embeddings:Provider"] = "openai",
            ["Incidents:Embeddings:Endpoint"] = endpoint.BaseAddress.ToString(),
            ["Incidents:Embeddings:Model"] = "fake-embed-1",
            ["Incidents:Embeddings:ApiKey"] = "sk-server-secret",
            ["Incidents:Embeddings:Dimension"] = "64",
        }))
        {
            await using var client = await ConnectAsync(openAi, ct);
            var id = await IncidentToolsTests.RecordAsync(client, """{"service": "search", "severity": "high", "title": "search pods OOMKilled by memory leak"}""", ct);
            var found = await client.CallToolAsync("find_similar_incidents", ToolArguments.Parse("""{"query": "memory leak OOMKilled"}"""), cancellationToken: ct);

            Assert.Equal(id, IncidentToolsTests.Structured(found).GetProperty("incidents")[0].GetProperty("incident").GetProperty("id").GetString());
            Assert.True(endpoint.Requests.Count >= 2);
            Assert.All(endpoint.Authorizations, a => Assert.Equal("Bearer sk-server-secret", a));
        }

        await using var hashing = Start(prefix, []);
        await using var sut = await ConnectAsync(hashing, ct);

        var refused = await sut.CallToolAsync("find_similar_incidents", ToolArguments.Parse("""{"query": "memory leak"}"""), cancellationToken: ct);

        Assert.True(refused.IsError);
        var message = Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text;
        Assert.Contains("built by openai-compatible/fake-embed-1 (64 text dimensions", message, StringComparison.Ordinal);
        Assert.Contains("configured with reliabilitymcp-hashing/hashing-v1 (384 text dimensions", message, StringComparison.Ordinal);
        Assert.Contains("refuses to mix them", message, StringComparison.Ordinal);
    }

    private static ServerApplicationFactory Start(string prefix, Dictionary<string, string?> incidents)
    {
        var settings = TestTokens.Configuration();
        settings["Reliability:KeyPrefix"] = prefix;
        foreach (var (key, value) in incidents)
        {
            settings[key] = value;
        }

        var server = new ServerApplicationFactory(settings);
        server.Start();
        return server;
    }

    private static Task<McpClient> ConnectAsync(ServerApplicationFactory server, CancellationToken ct) =>
        McpClients.ConnectHttpAsync(server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
}
