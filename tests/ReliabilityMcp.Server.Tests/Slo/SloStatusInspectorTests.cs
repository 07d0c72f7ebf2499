using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Slo;

/// <summary>
/// The MCP Inspector CLI calls slo_status and validates its structured result against the declared output schema,
/// in the compact form (burn rates without counts, no rule list) and with detail.
/// </summary>
public sealed class SloStatusInspectorTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolsCall_SloStatus_ValidatesAgainstOutputSchema(bool detail)
    {
        var structured = await NodeTooling.CallToolWithInspectorAsync(fixture.Server.McpEndpoint, "slo_status",
            ["service=checkout", $"detail={(detail ? "true" : "false")}"], TestTimeouts.Token(TestTimeouts.ExternalTool));

        var slos = structured.GetProperty("slos");
        Assert.Equal(2, slos.GetArrayLength());
        foreach (var slo in slos.EnumerateArray())
        {
            Assert.Equal(7, slo.GetProperty("burnRates").GetArrayLength());
            Assert.All(slo.GetProperty("burnRates").EnumerateArray(), b => Assert.Equal(detail, b.TryGetProperty("total", out _)));
            Assert.Equal(detail, slo.TryGetProperty("alerts", out _));
        }
    }
}
