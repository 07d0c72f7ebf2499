using Microsoft.Extensions.DependencyInjection;
using ReliabilityMcp.Redis.Incidents;
using ReliabilityMcp.Server.Incidents;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Incidents;

/// <summary>The shipped starter corpus loads, once, and gives agents history to search.</summary>
public sealed class IncidentSeedTests
{
    [Fact]
    public async Task SeedIfFirstRunAsync_FreshStore_LoadsCorpusOnce()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(3));
        await using var server = Start($"test-{Guid.NewGuid():N}", seedOnFirstRun: false);
        var sut = server.Services.GetRequiredService<IncidentSeeder>();
        var store = server.Services.GetRequiredService<RedisIncidentStore>();

        var first = await sut.SeedIfFirstRunAsync(ct);
        var count = await store.CountAsync(ct);
        var second = await sut.SeedIfFirstRunAsync(ct);
        var again = await sut.SeedAsync(null, ct);

        Assert.True(first);
        Assert.InRange(count, 200, 10_000);
        Assert.False(second);
        Assert.Equal((0, (int)count, 0), again);
        Assert.Equal(count, await store.CountAsync(ct));
    }

    [Fact]
    public async Task Server_WithSeedOnFirstRun_SeedsInBackground_AndSearchFindsRankedActions()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(3));
        await using var server = Start($"test-{Guid.NewGuid():N}", seedOnFirstRun: true);
        var store = server.Services.GetRequiredService<RedisIncidentStore>();

        await Poll.UntilAsync(store.IsSeededAsync, seeded => seeded, "the first-run seed", ct);

        await using var client = await McpClients.ConnectHttpAsync(server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var found = await client.CallToolAsync("find_similar_incidents", ToolArguments.Parse("""
            {"query": "pods OOMKilled, memory grows steadily until the container is killed", "telemetry": {"memory_util": 0.97}, "k": 10}
            """), cancellationToken: ct);
        var result = IncidentToolsTests.Structured(found);
        Assert.Equal(10, result.GetProperty("incidents").GetArrayLength());
        Assert.Equal("ranked", result.GetProperty("effectiveActions").GetProperty("status").GetString());
    }

    private static ServerApplicationFactory Start(string prefix, bool seedOnFirstRun)
    {
        var settings = TestTokens.Configuration();
        settings["Reliability:KeyPrefix"] = prefix;
        settings["Incidents:SeedOnFirstRun"] = seedOnFirstRun ? "true" : "false";
        var server = new ServerApplicationFactory(settings);
        server.Start();
        return server;
    }
}
