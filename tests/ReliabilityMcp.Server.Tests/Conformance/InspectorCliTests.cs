using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Conformance;

/// <summary>The MCP Inspector's command-line client (<c>inspector --cli</c>) against the HTTP endpoint with a bearer token.</summary>
public sealed class InspectorCliTests(TokenServerFixture fixture) : IClassFixture<TokenServerFixture>
{
    [Fact]
    public async Task ToolsList_WithBearerToken_ShowsServerStatusAnnotatedReadOnly()
    {
        using var output = await RunInspectorAsync(["--method", "tools/list", "--header", $"Authorization: Bearer {TestTokens.AgentToken}"]);

        var tool = output.RootElement.GetProperty("tools").EnumerateArray().Single(candidate => candidate.GetProperty("name").GetString() == "server_status");
        Assert.True(tool.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
        Assert.True(tool.GetProperty("annotations").GetProperty("idempotentHint").GetBoolean());
        Assert.False(tool.GetProperty("annotations").GetProperty("destructiveHint").GetBoolean());
    }

    [Fact]
    public async Task PromptsList_WithBearerToken_ShowsTheMarkdownPrompts()
    {
        using var output = await RunInspectorAsync(["--method", "prompts/list", "--header", $"Authorization: Bearer {TestTokens.ApproverToken}"]);

        var names = output.RootElement.GetProperty("prompts").EnumerateArray().Select(prompt => prompt.GetProperty("name").GetString()).ToArray();
        Assert.Contains("triage_incident", names);
        Assert.Contains("postmortem", names);
        Assert.Contains("game_day", names);
    }

    [Fact]
    public async Task ToolsCall_WithBearerToken_ReportsTheTokensPrincipal()
    {
        using var output = await RunInspectorAsync(["--method", "tools/call", "--tool-name", "server_status", "--header", $"Authorization: Bearer {TestTokens.ApproverToken}"]);

        Assert.Equal(TestTokens.ApproverPrincipal, output.RootElement.GetProperty("structuredContent").GetProperty("principal").GetString());
    }

    [Fact]
    public async Task ToolsList_WithoutToken_FailsToConnect()
    {
        var result = await RunInspectorRawAsync(["--method", "tools/list"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("server_status", result.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<JsonDocument> RunInspectorAsync(string[] arguments)
    {
        var result = await RunInspectorRawAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput);
    }

    private Task<ExternalProcess.Result> RunInspectorRawAsync(string[] arguments) =>
        NodeTooling.RunInspectorCliAsync(fixture.Server.McpEndpoint, arguments, TestTimeouts.Token(TestTimeouts.ExternalTool));
}
