using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Packaging;

/// <summary>
/// Issue 23 item 5: the server packs as a .NET tool of the MCP-server package type, installs with
/// <c>dotnet tool install</c>, and runs over stdio from a folder with no repository, on the local Garnet it starts
/// itself when no connection string is set (what a Claude Desktop user configures: the command and <c>--stdio</c>).
/// </summary>
public sealed class InstalledToolTests(InstalledToolFixture tool) : IClassFixture<InstalledToolFixture>
{
    [Fact]
    public void Package_IsAnMcpServerToolWhoseServerJsonDescribesHowToLaunchIt()
    {
        var packageTypes = tool.Nuspec().Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => e.Attribute("name")?.Value);
        using var serverJson = JsonDocument.Parse(tool.ReadPackageEntry(".mcp/server.json"));
        var package = Assert.Single(serverJson.RootElement.GetProperty("packages").EnumerateArray());
        var entries = tool.PackageEntries();

        Assert.Equal(["DotnetTool", "McpServer"], packageTypes.Order(StringComparer.Ordinal));
        Assert.Equal(tool.Version, serverJson.RootElement.GetProperty("version").GetString());
        Assert.Equal("nuget", package.GetProperty("registryType").GetString());
        Assert.Equal(InstalledToolFixture.PackageId, package.GetProperty("identifier").GetString());
        Assert.Equal(tool.Version, package.GetProperty("version").GetString());
        Assert.Equal("stdio", package.GetProperty("transport").GetProperty("type").GetString());
        Assert.Contains("--stdio", package.GetProperty("packageArguments").EnumerateArray().Select(argument => argument.GetProperty("value").GetString()));
        var variables = package.GetProperty("environmentVariables").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, StringComparer.Ordinal);
        Assert.True(variables["ConnectionStrings__store"].GetProperty("isSecret").GetBoolean(), "the store connection string carries a password");
        Assert.Contains("ReliabilityMcp__DataDirectory", variables.Keys);
        Assert.Contains("Reliability__ConfigPath", variables.Keys);
        // What the server loads from its own folder ships in the tool folder, and so does the pinned Garnet.
        Assert.Contains("tools/net10.0/any/Configuration/reliability.yaml", entries);
        Assert.Contains("tools/net10.0/any/prompts/triage_incident.md", entries);
        Assert.Contains("tools/net10.0/any/Incidents/Seed/incidents.json", entries);
        Assert.Contains("tools/net10.0/any/.config/dotnet-tools.json", entries);
    }

    [Fact]
    public async Task InstalledCommand_FromAnEmptyFolderWithNoConnectionString_ServesOverStdioOnItsOwnLocalStoreAndLeavesNoProcess()
    {
        var cancellationToken = TestTimeouts.Token(TimeSpan.FromMinutes(4));
        var workingDirectory = tool.NewFolder("cwd");
        var dataDirectory = tool.NewFolder("data");
        try
        {
            await using (var client = await ConnectAsync(workingDirectory, dataDirectory, cancellationToken))
            {
                var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
                var status = (JsonElement)(await client.CallToolAsync("server_status", cancellationToken: cancellationToken)).StructuredContent!;
                // A fresh store's first write can overrun the fail-closed budget on a loaded machine; the server then
                // answers "try again shortly" (a refusal, nothing written), and a client does just that.
                var recorded = await Poll.UntilAsync(
                    async () =>
                    {
                        var result = await client.CallToolAsync(
                            "record_incident",
                            ToolArguments.Parse("""{"service": "checkout", "severity": "low", "title": "installed tool smoke incident", "symptoms": "HTTP 503 from the installed tool test"}"""),
                            cancellationToken: cancellationToken);
                        return result.IsError == true && Text(result).Contains("did not answer in time", StringComparison.Ordinal) ? null : result;
                    },
                    "record_incident answers within the fail-closed budget");
                var found = await client.CallToolAsync(
                    "find_similar_incidents", ToolArguments.Parse("""{"query": "installed tool smoke incident HTTP 503", "service": "checkout"}"""), cancellationToken: cancellationToken);

                Assert.Equal("ReliabilityMcp", client.ServerInfo?.Name);
                Assert.Equal(tool.Version, client.ServerInfo?.Version);
                Assert.Contains(tools, t => t.Name == "execute_remediation");
                Assert.Equal("stdio", status.GetProperty("transport").GetString());
                Assert.True(status.GetProperty("store").GetProperty("embedded").GetBoolean());
                Assert.True(status.GetProperty("store").GetProperty("reachable").GetBoolean());
                Assert.False(recorded.IsError == true, Text(recorded));
                var incidentId = ((JsonElement)recorded.StructuredContent!).GetProperty("incidentId").GetString()!;
                Assert.Contains(incidentId, ((JsonElement)found.StructuredContent!).GetRawText(), StringComparison.Ordinal);
            }

            // The client closed stdin: the server exits by itself.
            await Poll.UntilAsync(() => ProcessesMentioning(tool.Command).Count == 0, "the installed server exits after its client closes stdin");
            Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory));
        }
        finally
        {
            // The local Garnet is meant to outlive the server (the next launch reuses it); the test stops its own.
            await SharedGarnet.StopAsync(dataDirectory, cancellationToken: CancellationToken.None);
        }

        Assert.Empty(ProcessesMentioning(tool.Root));
    }

    private Task<McpClient> ConnectAsync(string workingDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "reliabilitymcp-installed-tool",
            Command = tool.Command,
            Arguments = ["--stdio"],
            WorkingDirectory = workingDirectory,
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["ConnectionStrings__store"] = null,
                ["ReliabilityMcp__DataDirectory"] = dataDirectory,
            },
        });

        // The first launch starts Garnet before it answers initialize: allow for a loaded machine.
        return McpClient.CreateAsync(
            transport,
            new McpClientOptions { ProtocolVersion = McpClients.November2025, InitializationTimeout = TimeSpan.FromMinutes(3) },
            cancellationToken: cancellationToken);
    }

    private static string Text(CallToolResult result) => JsonSerializer.Serialize(result.Content, McpJsonUtilities.DefaultOptions);

    /// <summary>Live processes whose command line contains <paramref name="text"/> (a path unique to this fixture).</summary>
    private static List<string> ProcessesMentioning(string text) =>
        [.. Process.GetProcesses()
            .Select(process => { using (process) { return (process.Id, CommandLine: ProcessInspector.CommandLine(process.Id)); } })
            .Where(p => p.CommandLine?.Contains(text, StringComparison.Ordinal) == true && ProcessInspector.IsAlive(p.Id))
            .Select(p => $"{p.Id}: {p.CommandLine}")];
}
