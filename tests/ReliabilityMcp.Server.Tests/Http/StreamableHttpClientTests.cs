using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Http;

/// <summary>The SDK's own client over Streamable HTTP against the real server with bearer tokens.</summary>
public sealed class StreamableHttpClientTests(TokenServerFixture fixture) : IClassFixture<TokenServerFixture>
{
    private Uri Endpoint => fixture.Server.McpEndpoint;

    [Fact]
    public async Task Initialize_WithAgentToken_ReportsServerIdentityAndCapabilities()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        Assert.Equal("ReliabilityMcp", sut.ServerInfo?.Name);
        Assert.Equal(McpClients.November2025, sut.NegotiatedProtocolVersion);
        Assert.NotNull(sut.ServerCapabilities.Tools);
        Assert.NotNull(sut.ServerCapabilities.Prompts);
#pragma warning disable MCP9005 // Logging is deprecated from 2026-07-28; 2025-era clients still rely on it.
        Assert.NotNull(sut.ServerCapabilities.Logging);
#pragma warning restore MCP9005
        Assert.Contains("data written by others", sut.ServerInstructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_AfterInitialize_Succeeds()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var result = await sut.PingAsync(cancellationToken: cancellationToken);

        Assert.NotNull(result);
    }

    [Fact]
    public async Task ListTools_Always_AnnouncesServerStatusAsReadOnlyAndIdempotent()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var tools = await sut.ListToolsAsync(cancellationToken: cancellationToken);

        var tool = Assert.Single(tools, candidate => candidate.Name == "server_status").ProtocolTool;
        Assert.NotNull(tool.Annotations);
        Assert.True(tool.Annotations.ReadOnlyHint);
        Assert.True(tool.Annotations.IdempotentHint);
        Assert.False(tool.Annotations.DestructiveHint);
        Assert.False(tool.Annotations.OpenWorldHint);
        Assert.False(string.IsNullOrWhiteSpace(tool.Description));
        Assert.NotNull(tool.OutputSchema);
        Assert.Equal(JsonValueKind.Object, tool.InputSchema.ValueKind);
    }

    [Theory]
    [InlineData(TestTokens.AgentToken, TestTokens.AgentPrincipal, new[] { "agent" })]
    [InlineData(TestTokens.ApproverToken, TestTokens.ApproverPrincipal, new[] { "agent", "approver" })]
    public async Task CallServerStatus_WithToken_ReportsThatTokensPrincipalAndRoles(string token, string principal, string[] roles)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, token, McpClients.November2025, cancellationToken);

        var result = await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);

        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        Assert.Equal(principal, structured.GetProperty("principal").GetString());
        Assert.Equal(roles, structured.GetProperty("roles").EnumerateArray().Select(role => role.GetString()).ToArray());
        Assert.Equal("streamable-http", structured.GetProperty("transport").GetString());
        Assert.True(structured.GetProperty("uptimeSeconds").GetInt64() >= 0);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        Assert.Contains(principal, text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallServerStatus_WithDefaultNegotiation_WorksOverTheHandshakeFreeRevision()
    {
        // Without a pinned version the 2.3.1 client prefers 2026-07-28: server/discover, per-request _meta and the
        // Mcp-Method / Mcp-Name headers that the endpoint validates.
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, protocolVersion: null, cancellationToken);

        var result = await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);

        Assert.Equal("2026-07-28", sut.NegotiatedProtocolVersion);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        Assert.Equal(TestTokens.AgentPrincipal, structured.GetProperty("principal").GetString());
    }

    [Fact]
    public async Task ListPrompts_Always_ServesThePromptFilesWithTheirArguments()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var prompts = await sut.ListPromptsAsync(cancellationToken: cancellationToken);

        Assert.Equal(["game_day", "postmortem", "triage_incident"], prompts.Select(prompt => prompt.Name).Order().ToArray());
        var triage = prompts.Single(prompt => prompt.Name == "triage_incident").ProtocolPrompt;
        Assert.False(string.IsNullOrWhiteSpace(triage.Description));
        Assert.Contains(triage.Arguments!, argument => argument is { Name: "service", Required: true });
        Assert.Contains(triage.Arguments!, argument => argument is { Name: "severity", Required: false });
    }

    [Fact]
    public async Task GetPrompt_WithArguments_SubstitutesThemIntoTheBody()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var result = await sut.GetPromptAsync(
            "triage_incident",
            new Dictionary<string, object?> { ["service"] = "checkout-api", ["symptoms"] = "p99 2.4 s since 14:05 UTC" },
            cancellationToken: cancellationToken);

        var message = Assert.Single(result.Messages);
        Assert.Equal(Role.User, message.Role);
        var text = Assert.IsType<TextContentBlock>(message.Content).Text;
        Assert.Contains("**checkout-api**", text, StringComparison.Ordinal);
        Assert.Contains("p99 2.4 s since 14:05 UTC", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        // The order the prompt teaches: measure, recall, evaluate, act, wait for a human, verify, record.
        var order = new[] { "slo_status", "find_similar_incidents", "evaluate_policies", "execute_remediation", "approve_request", "record_outcome" }
            .Select(tool => text.IndexOf($"`{tool}`", StringComparison.Ordinal)).ToArray();
        Assert.All(order, index => Assert.True(index >= 0));
        Assert.Equal(order.Order().ToArray(), order);
    }

    [Fact]
    public async Task GetPrompt_WithoutRequiredArgument_FailsNamingTheArgument()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var exception = await Assert.ThrowsAsync<McpProtocolException>(async () => await sut.GetPromptAsync(
            "triage_incident",
            new Dictionary<string, object?> { ["service"] = "checkout-api" },
            cancellationToken: cancellationToken));

        Assert.Equal(McpErrorCode.InvalidParams, exception.ErrorCode);
        Assert.Contains("'symptoms'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPrompt_WithUnknownArgument_FailsListingTheAcceptedOnes()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var exception = await Assert.ThrowsAsync<McpProtocolException>(async () => await sut.GetPromptAsync(
            "postmortem",
            new Dictionary<string, object?> { ["service"] = "a", ["incident"] = "b", ["sevrity"] = "sev1" },
            cancellationToken: cancellationToken));

        Assert.Contains("'sevrity'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("service, incident", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetLoggingLevel_OnHandshakeRevision_IsAccepted()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(Endpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

#pragma warning disable MCP9005 // logging/setLevel is deprecated from 2026-07-28 but is what 2025-era clients send.
        await sut.SetLoggingLevelAsync(LoggingLevel.Warning, cancellationToken: cancellationToken);
#pragma warning restore MCP9005

        // The server is still usable afterwards.
        Assert.NotNull(await sut.PingAsync(cancellationToken: cancellationToken));
    }
}
