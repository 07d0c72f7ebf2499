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
        var structured = await NodeTooling.CallToolWithInspectorAsync(fixture.Server.McpEndpoint, "evaluate_policies",
            ["service=checkout", """telemetry={"latency_p99": 900, "error_rate": 0.04}""", $"detail={(detail ? "true" : "false")}"],
            TestTimeouts.Token(TestTimeouts.ExternalTool));

        Assert.Equal("high-latency-restart", structured.GetProperty("matched")[0].GetProperty("name").GetString());
        var storm = structured.GetProperty("others").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "error-storm-restart");
        Assert.Equal(detail, storm.TryGetProperty("conditions", out _));
    }
}
