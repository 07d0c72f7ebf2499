using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Incidents;

/// <summary>
/// The MCP Inspector CLI calls find_similar_incidents and validates its structured result against the declared
/// output schema (absent optional fields such as rootCause, resolvedAt, lessons and rank included).
/// </summary>
public sealed class IncidentInspectorTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Fact]
    public async Task ToolsCall_FindSimilarIncidents_ValidatesAgainstOutputSchema()
    {
        var ct = TestTimeouts.Token(TestTimeouts.ExternalTool);
        await using (var client = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct))
        {
            var id = await IncidentToolsTests.RecordAsync(client, """{"service": "inspected", "severity": "medium", "title": "inspector sees a disk full incident"}""", ct);
            await client.CallToolAsync("record_outcome", ToolArguments.Parse($$"""
                {"incident_id": "{{id}}", "actions": [{"action": "custom", "targets": ["inspected"]}], "success": true, "resolution_minutes": 5}
                """), cancellationToken: ct);
        }

        var structured = await NodeTooling.CallToolWithInspectorAsync(fixture.Server.McpEndpoint, "find_similar_incidents",
            ["query=disk full", "service=inspected"], ct);

        var incidents = structured.GetProperty("incidents");
        Assert.Equal("inspector sees a disk full incident", incidents[0].GetProperty("incident").GetProperty("title").GetString());
    }
}
