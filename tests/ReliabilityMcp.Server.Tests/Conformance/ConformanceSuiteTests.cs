using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Conformance;

/// <summary>
/// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in tests/conformance) run against
/// the HTTP endpoint, one test per scenario. The suite cannot send credentials, so the server under test runs in
/// its no-token, loopback-only configuration. Excluded scenarios and why: tests/conformance/README.md.
/// </summary>
public sealed class ConformanceSuiteTests(AnonymousServerFixture fixture) : IClassFixture<AnonymousServerFixture>
{
    [Theory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("tools-list")]
    [InlineData("prompts-list")]
    [InlineData("resources-list")]
    [InlineData("logging-set-level")]
    [InlineData("completion-complete")]
    [InlineData("dns-rebinding-protection")]
    public async Task Scenario_AgainstStreamableHttpEndpoint_Passes(string scenario)
    {
        var cancellationToken = TestTimeouts.Token(TestTimeouts.ExternalTool);
        await NodeTooling.EnsureInstalledAsync(cancellationToken);
        var output = ReliabilityMcp.Testing.RepositoryPaths.NewTempDirectory("conformance");

        var result = await ExternalProcess.RunAsync(
            NodeTooling.NodePath,
            [NodeTooling.ConformanceCli, "server", "--url", fixture.Server.McpEndpoint.ToString(), "--scenario", scenario, "--output-dir", output],
            NodeTooling.PackageDirectory,
            new Dictionary<string, string> { ["NO_COLOR"] = "1" },
            cancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        var checksFile = Assert.Single(Directory.GetFiles(output, "checks.json", SearchOption.AllDirectories));
        using var checks = JsonDocument.Parse(await File.ReadAllTextAsync(checksFile, cancellationToken));
        var statuses = checks.RootElement.EnumerateArray()
            .Select(check => (Id: check.GetProperty("id").GetString(), Status: check.GetProperty("status").GetString()))
            .ToArray();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, check => Assert.True(check.Status == "SUCCESS", $"{check.Id}: {check.Status}\n{result}"));
    }
}
