using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Hosting;

/// <summary>
/// Issue 17: unknown argument names are refused by every tool with the valid names, at the top level and inside
/// object arguments whose schema lists its properties; over HTTP on the direct tools/call path (2025-11-25) and the
/// SDK's path (the revision the SDK negotiates, 2026-07-28).
/// </summary>
public sealed class ArgumentSchemaTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private const string Negotiated = "negotiated";

    public static TheoryData<string> Paths => new() { McpClients.November2025, Negotiated };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task EveryTool_UnknownArgument_IsRefusedListingTheValidOnes(string protocolVersion)
    {
        var cancellationToken = TestTimeouts.Token();
        // An approver (also an agent) sees every tool; an agent's list leaves out approve_request (issue 23).
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.ApproverToken, protocolVersion == Negotiated ? null : protocolVersion, cancellationToken);
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
        Assert.True(tools.Count >= 12, $"only {tools.Count} tools listed");

        foreach (var tool in tools)
        {
            var result = await client.CallToolAsync(tool.Name, new Dictionary<string, object?> { ["bogus_argument"] = 1 }, cancellationToken: cancellationToken);

            var text = Text(result);
            Assert.True(result.IsError == true, $"{tool.Name} accepted an unknown argument: {text}");
            Assert.Contains($"{tool.Name} does not take argument(s) 'bogus_argument'. Valid arguments:", text, StringComparison.Ordinal);
            var valid = tool.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name);
            Assert.All(valid, name => Assert.Contains(name, text, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task RunChaos_CamelCaseOverride_IsRefusedNamingTheSnakeCaseOnes(string protocolVersion)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, protocolVersion == Negotiated ? null : protocolVersion, cancellationToken);

        var result = await client.CallToolAsync("run_chaos",
            ToolArguments.Parse("""{"template": "latency-spike", "target": "checkout", "parameters": {"latencyMs": 500}}"""), cancellationToken: cancellationToken);

        Assert.True(result.IsError);
        Assert.Contains("run_chaos does not take 'latencyMs' in 'parameters'. Valid names there: latency_ms, jitter_ms, rate, status_code, path_prefix.",
            Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunChaos_Schema_UsesSnakeCaseLikeEveryOtherTool()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);

        var names = tools.SelectMany(tool => Names(tool.JsonSchema)).ToList();

        Assert.Contains("latency_ms", names);
        Assert.All(names, name => Assert.Matches("^[a-z][a-z0-9_]*$", name));
    }

    private static IEnumerable<string> Names(System.Text.Json.JsonElement schema)
    {
        if (schema.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            yield break;
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                yield return property.Name;
                foreach (var nested in Names(property.Value))
                {
                    yield return nested;
                }
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            foreach (var nested in Names(items))
            {
                yield return nested;
            }
        }
    }

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
