using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Policies;

/// <summary>
/// The MCP Inspector CLI calls evaluate_policies and validates its structured result against the declared output
/// schema, in the compact form (fields absent on policies that did not match) and with detail.
/// </summary>
public sealed class EvaluatePoliciesInspectorTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolsCall_EvaluatePolicies_ValidatesAgainstOutputSchema(bool detail)
    {
        var ct = TestTimeouts.Token(TestTimeouts.ExternalTool);
        var result = await NodeTooling.RunInspectorCliAsync(fixture.Server.McpEndpoint,
            ["--method", "tools/call", "--tool-name", "evaluate_policies", "--tool-arg", "service=checkout",
                "--tool-arg", """telemetry={"latency_p99": 900, "error_rate": 0.04}""", "--tool-arg", $"detail={(detail ? "true" : "false")}",
                "--header", $"Authorization: Bearer {TestTokens.AgentToken}"],
            ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var output = JsonDocument.Parse(result.StandardOutput);
        Assert.False(output.RootElement.TryGetProperty("isError", out var isError) && isError.GetBoolean(), result.StandardOutput);
        var structured = output.RootElement.GetProperty("structuredContent");
        Assert.Equal("high-latency-restart", structured.GetProperty("matched")[0].GetProperty("name").GetString());
        var storm = structured.GetProperty("others").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "error-storm-restart");
        Assert.Equal(detail, storm.TryGetProperty("conditions", out _));
    }
}
