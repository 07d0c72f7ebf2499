using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>
/// The AppHost as a user runs it: a real process in a terminal's process group (Aspire's DCP, the dashboard, Garnet and
/// the server under it), read from its console, stopped by Ctrl+C. "No process left" is checked in /proc.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AppHostRunTests : IDisposable
{
    private const int SigInt = 2;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(5);

    private readonly string _data = RepositoryPaths.NewTempDirectory("apphost-run");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task Run_NoDemo_PrintsDashboardLinkAndWorkingConnectionBlocks_CtrlCLeavesNoProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new[] { "store", "server", "control", "dashboard", "otlp", "resource-service" }.ToDictionary(n => n, _ => LoopbackPorts.Free());
        var agentToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var operatorToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        // Chosen here, so the user's own secrets store is neither read nor written; as arguments, since the AppHost's
        // environment is inherited by every resource.
        string[] parameters =
        [
            $"--Parameters:store-password={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}",
            $"--Parameters:agent-token={agentToken}",
            $"--Parameters:operator-token={operatorToken}",
            $"--Parameters:telemetry-token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}",
            $"--Parameters:chaos-token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}",
            $"--Parameters:control-token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}",
        ];
        using var process = Start(parameters, new Dictionary<string, string>
        {
            ["ReliabilityMcp__DataDirectory"] = _data,
            ["AppHost__StorePort"] = Port(ports["store"]),
            ["AppHost__ServerPort"] = Port(ports["server"]),
            ["AppHost__ControlPort"] = Port(ports["control"]),
            ["AppHost__StoreMemorySize"] = "128m",
            ["AppHost__StoreIndexSize"] = "16m",
            // What the AppHost's http launch profile sets, on free ports.
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port(ports["dashboard"])}",
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{Port(ports["otlp"])}",
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{Port(ports["resource-service"])}",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["DOTNET_ENVIRONMENT"] = "Development",
        });

        await WaitForLineAsync(process, l => l.StartsWith("Press Ctrl+C", StringComparison.Ordinal), ct);
        var lines = _lines.ToArray();
        var mcp = $"http://127.0.0.1:{Port(ports["server"])}/mcp";
        Assert.Contains(lines, l => l == $"{ReadyBanner.ReadyLine} at {mcp}");

        // The dashboard's login link logs the browser in (a redirect setting the auth cookie).
        var login = Value(lines, "Dashboard:");
        Assert.StartsWith($"http://127.0.0.1:{Port(ports["dashboard"])}/login?t=", login, StringComparison.Ordinal);
        using (var loggedIn = await _http.GetAsync(new Uri(login), ct))
        {
            Assert.True(loggedIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, $"{loggedIn.StatusCode} for {login}");
        }

        Assert.Equal(agentToken, Value(lines, "Agent token:"));
        Assert.Equal(operatorToken, Value(lines, "Operator token:"));
        Assert.Contains(lines, l => l.Contains($"--cli {mcp} --transport http --header \"Authorization: Bearer {agentToken}\"", StringComparison.Ordinal));

        // The Claude Desktop block: an absolute dotnet, the server's built dll, and a connection string that reaches the store.
        var claude = ClaudeDesktopConfig(lines);
        var args = claude.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.True(File.Exists(claude.GetProperty("command").GetString()));
        Assert.True(File.Exists(args[0]) && args[0].EndsWith("ReliabilityMcp.Server.dll", StringComparison.Ordinal), args[0]);
        Assert.Equal("--stdio", args[1]);
        var connectionString = claude.GetProperty("env").GetProperty("ConnectionStrings__store").GetString()!;
        Assert.True(await StoreHealth.PingAsync(connectionString, TimeSpan.FromSeconds(5), ct), "the printed connection string must reach the store");

        // The tokens reach the server only as hashes; the store's password only as its connection string.
        var started = ProcessTree.StartedBy([process.Id], process.Id);
        var server = started.Single(pid => Command(pid).EndsWith("/ReliabilityMcp.Server", StringComparison.Ordinal));
        var environment = Environment(server);
        Assert.Equal(LocalSecrets.Hash(agentToken), environment["Auth__Tokens__0__Sha256"]);
        Assert.Equal("local-operator", environment["Auth__Tokens__1__Principal"]);
        Assert.DoesNotContain(environment.Values, v => v.Contains(operatorToken, StringComparison.Ordinal) || v.Contains(agentToken, StringComparison.Ordinal));
        Assert.Equal(connectionString, environment["ConnectionStrings__store"]);

        // The terminal stays readable: Aspire's few lines and the banner (the resources' logs are in the dashboard).
        Assert.True(lines.Length < 80, $"{lines.Length} lines before the banner ended:\n{string.Join('\n', lines)}");

        // Ctrl+C in the terminal: the whole process group gets SIGINT.
        Assert.True(ProcessInspector.Signal(-process.Id, SigInt));
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            stop.CancelAfter(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(stop.Token);
        }

        Assert.Equal(0, process.ExitCode);
        await Poll.UntilAsync(() => started.All(pid => !ProcessInspector.IsAlive(pid)),
            $"every process the AppHost started to be gone (left: {string.Join(", ", started.Where(ProcessInspector.IsAlive).Select(Command))})");
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Value(string[] lines, string label) =>
        lines.First(l => l.TrimStart().StartsWith(label, StringComparison.Ordinal)).TrimStart()[label.Length..].TrimStart().Split(' ')[0];

    private static JsonElement ClaudeDesktopConfig(string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.StartsWith("Claude Desktop", StringComparison.Ordinal)) + 1;
        var end = Array.FindIndex(lines, start, l => l == "}");
        using var document = JsonDocument.Parse(string.Join('\n', lines[start..(end + 1)]));
        return document.RootElement.GetProperty("mcpServers").GetProperty("reliabilitymcp").Clone();
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{Port(pid)}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static Dictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{Port(pid)}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    /// <summary>The AppHost dll built with this test, as its own session and process group (a terminal's job), SIGINT at its default.</summary>
    private Process Start(string[] arguments, Dictionary<string, string> environment)
    {
        var appHost = typeof(ReadyBanner).Assembly.Location;
        var psi = new ProcessStartInfo("/usr/bin/setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        // A shell that ran us in the background may have set SIGINT to ignored, which exec keeps: restore the default.
        foreach (var argument in new[] { "/usr/bin/env", "--default-signal=INT", DotnetHost.Path, appHost, "--no-demo" }.Concat(arguments))
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment.Remove("ConnectionStrings__store");
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    private async Task WaitForLineAsync(Process process, Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        try
        {
            await Poll.UntilAsync(_ => Task.FromResult(_lines.Any(predicate) || process.HasExited), done => done, "the ready banner", deadline.Token);
        }
        finally
        {
            if (!_lines.Any(predicate))
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                Assert.Fail($"No ready banner (exited: {process.HasExited}). Output:\n{string.Join('\n', _lines)}");
            }
        }
    }
}
