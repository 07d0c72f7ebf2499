using ModelContextProtocol;
using ModelContextProtocol.Client;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Security;

/// <summary>
/// [Authorize] on tools through the SDK's authorization filters, with real MCP clients: tools/list shows a caller only
/// what it may call (issue 23 item 2), and a call to a tool the caller may not see is refused before it runs.
/// </summary>
public sealed class ToolAccessTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private static readonly string[] StateChangingTools = ["execute_remediation", "approve_request", "run_chaos", "record_incident", "record_outcome"];

    [Fact]
    public async Task ListTools_AsAgent_LeavesOutApproverTools()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var names = await ToolNamesAsync(sut, cancellationToken);

        Assert.DoesNotContain("approve_request", names);
        Assert.Contains("execute_remediation", names);
        Assert.Contains("list_pending_approvals", names);
    }

    [Fact]
    public async Task ListTools_AsApprover_IncludesApproveRequest()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.ApproverToken, cancellationToken);

        Assert.Contains("approve_request", await ToolNamesAsync(sut, cancellationToken));
    }

    [Fact]
    public async Task ListTools_AsAdminWithoutApproverRole_LeavesOutApproveRequest()
    {
        // approve_request refuses anyone without the approver role, an admin included; so it is not offered either.
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AdminToken, cancellationToken);

        var names = await ToolNamesAsync(sut, cancellationToken);

        Assert.DoesNotContain("approve_request", names);
        Assert.Contains("record_incident", names);
    }

    [Fact]
    public async Task CallTool_AgentCallsApproveRequest_IsRefusedBeforeTheToolRuns()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var exception = await Assert.ThrowsAsync<McpProtocolException>(async () => await sut.CallToolAsync("approve_request",
            new Dictionary<string, object?> { ["approval_id"] = "apr_0f3c9a1b2d4e5f60718293a4", ["approve"] = true, ["comment"] = "mine" },
            cancellationToken: cancellationToken));

        Assert.Contains("forbidden", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListTools_AsExplorePrincipal_ShowsOnlyReadOnlyTools()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.ExplorerToken, cancellationToken);

        var tools = await sut.ListToolsAsync(cancellationToken: cancellationToken);

        Assert.Contains(tools, tool => tool.Name == "find_similar_incidents");
        Assert.All(tools, tool => Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint == true, tool.Name));
    }

    [Fact]
    public async Task ReadOnlyServer_ListsOnlyReadOnlyTools_AndRefusesStateChangingCalls()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var server = ServerApplicationFactory.StartOn(TestStore.ConnectionString, settings: new Dictionary<string, string?> { ["Mcp:ReadOnly"] = "true" });
        await using var sut = await McpClients.ConnectHttpAsync(server.McpEndpoint, TestTokens.AdminToken, McpClients.November2025, cancellationToken);

        var names = await ToolNamesAsync(sut, cancellationToken);
        var exception = await Assert.ThrowsAsync<McpProtocolException>(async () => await sut.CallToolAsync("record_incident",
            ToolArguments.Parse("""{"service": "api", "severity": "low", "title": "read-only server"}"""), cancellationToken: cancellationToken));

        Assert.Contains("slo_status", names);
        Assert.Empty(names.Intersect(StateChangingTools));
        Assert.Contains("forbidden", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListTools_OverStdio_LocalUserSeesApproveRequestUnlessReadOnly()
    {
        var cancellationToken = TestTimeouts.Token(TestTimeouts.ExternalTool);
        string[] defaultNames, readOnlyNames;
        await using (var client = await McpClients.ConnectStdioAsync(McpClients.November2025, standardError: null, cancellationToken))
        {
            defaultNames = await ToolNamesAsync(client, cancellationToken);
        }

        var readOnly = new Dictionary<string, string?> { ["ConnectionStrings__store"] = TestStore.ConnectionString, ["Mcp__ReadOnly"] = "true" };
        await using (var client = await McpClients.ConnectStdioAsync(McpClients.November2025, standardError: null, cancellationToken, readOnly))
        {
            readOnlyNames = await ToolNamesAsync(client, cancellationToken);
        }

        Assert.Superset(StateChangingTools.ToHashSet(), defaultNames.ToHashSet());
        Assert.Empty(readOnlyNames.Intersect(StateChangingTools));
        Assert.Contains("slo_status", readOnlyNames);
    }

    private Task<McpClient> ConnectAsync(string token, CancellationToken cancellationToken)
        => McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, token, McpClients.November2025, cancellationToken);

    private static async Task<string[]> ToolNamesAsync(McpClient client, CancellationToken cancellationToken)
        => [.. (await client.ListToolsAsync(cancellationToken: cancellationToken)).Select(tool => tool.Name)];
}
