using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>
/// The AppHost as a user runs it: a real process starting a real Garnet and the real server, stopped by a
/// signal. Pids come from its state file; "no process left" is checked in /proc.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AppHostRunTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    private readonly List<string> _directories = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public async Task Run_UntilSignal_ServesHealthThenStopsServerBeforeStoreAndExitsZero(int signal)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = Start(NewDataDirectory());
        await sut.WaitUntilReadyAsync(ct);
        var pids = sut.ResourcePids();

        // Readiness includes a store PING with a 2 s budget, which a 2-core CI machine running several test assemblies
        // can miss right after start (seen once: 503 just after the ready banner); it must turn healthy within 30 s.
        using (var budget = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            budget.CancelAfter(TimeSpan.FromSeconds(30));
            await Poll.UntilAsync(c => HealthAsync(new Uri(sut.ServerUrl, "/health"), c), h => h.Status == HttpStatusCode.OK, "/health to answer 200", budget.Token);
        }

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(sut.ServerUrl, "/alive"), ct)).StatusCode);
        Assert.All(pids.Values, pid => Assert.True(ProcessInspector.IsAlive(pid)));

        sut.Signal(signal);

        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
        foreach (var (name, pid) in pids)
        {
            Assert.True(await GoneAsync(pid, ct), $"{name} (pid {pid}) is still running after the AppHost exited");
        }

        var output = sut.Output;
        var serverStopped = output.IndexOf("[apphost] server stopped", StringComparison.Ordinal);
        var storeStopping = output.IndexOf("[apphost] Stopping store", StringComparison.Ordinal);
        Assert.True(serverStopped >= 0 && storeStopping > serverStopped, $"expected the server to stop before the store:\n{output}");
        Assert.False(File.Exists(sut.StatePath), "a clean shutdown removes the state file");
    }

    [Fact]
    public async Task Run_CtrlCInTerminal_EveryProcessGetsSigintAndNothingIsRestarted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = AppHostProcess.Start(NewDataDirectory(), LoopbackPorts.Free(), LoopbackPorts.Free(), ownProcessGroup: true);
        await sut.WaitUntilReadyAsync(ct);
        var pids = sut.ResourcePids();
        var linesBefore = sut.Output.Split('\n').Length;

        sut.SignalProcessGroup(SigInt);

        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
        foreach (var (name, pid) in pids)
        {
            Assert.True(await GoneAsync(pid, ct), $"{name} (pid {pid}) is still running after the AppHost exited");
        }

        var after = string.Join('\n', sut.Output.Split('\n').Skip(linesBefore));
        Assert.DoesNotContain("unexpectedly", after, StringComparison.Ordinal);
        Assert.DoesNotContain("is starting", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Ready_PrintsWorkingClaudeDesktopBlockAndTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = Start(NewDataDirectory());
        var readyLine = await sut.WaitUntilReadyAsync(ct);

        var claude = sut.ClaudeDesktopConfig();
        var args = claude.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        var connectionString = claude.GetProperty("env").GetProperty("ConnectionStrings__store").GetString()!;
        var command = claude.GetProperty("command").GetString()!;

        Assert.Contains(new Uri(sut.ServerUrl, "/mcp").ToString(), readyLine, StringComparison.Ordinal);
        Assert.True(Path.IsPathRooted(command) && File.Exists(command), $"command '{command}' is not an absolute path to dotnet");
        Assert.Equal(2, args.Length);
        Assert.True(Path.IsPathRooted(args[0]) && File.Exists(args[0]) && args[0].EndsWith("ReliabilityMcp.Server.dll", StringComparison.Ordinal));
        Assert.Equal("--stdio", args[1]);
        Assert.True(await StoreHealth.PingAsync(connectionString, TimeSpan.FromSeconds(5), ct), "the printed connection string must reach the store");
        Assert.StartsWith("rmcp_", sut.BannerValue("Agent token:"), StringComparison.Ordinal);
        Assert.StartsWith("rmcp_", sut.BannerValue("Operator token:"), StringComparison.Ordinal);
        Assert.Contains($"--header \"Authorization: Bearer {sut.BannerValue("Agent token:")}\"", sut.Output, StringComparison.Ordinal);

        // The tokens reach the server only as hashes.
        var serverEnvironment = Environment(sut.ResourcePids()["server"]);
        Assert.Equal(LocalSecrets.Hash(sut.BannerValue("Agent token:")), serverEnvironment["Auth__Tokens__0__Sha256"]);
        Assert.Equal("local-operator", serverEnvironment["Auth__Tokens__1__Principal"]);
        Assert.Equal(["approver", "admin"], [serverEnvironment["Auth__Tokens__1__Roles__0"], serverEnvironment["Auth__Tokens__1__Roles__1"]]);
        Assert.DoesNotContain(serverEnvironment.Values, v => v.Contains(sut.BannerValue("Operator token:"), StringComparison.Ordinal));
        Assert.Equal(connectionString, serverEnvironment["ConnectionStrings__store"]);
        Assert.Equal($"http://127.0.0.1:{sut.ServerPort}", serverEnvironment["ASPNETCORE_URLS"]);
        Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(Path.Combine(sut.DataDirectory, "apphost", "secrets.json")));

        // Secrets appear in the banner a person asked for, never in the prefixed log lines.
        var password = connectionString[(connectionString.IndexOf("password=", StringComparison.Ordinal) + "password=".Length)..];
        Assert.DoesNotContain(sut.Output.Split('\n'), l => l.StartsWith('[') && (l.Contains(password, StringComparison.Ordinal)
            || l.Contains(sut.BannerValue("Agent token:"), StringComparison.Ordinal)));

        sut.Signal(SigInt);
        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
    }

    [Fact]
    public async Task Run_ServerKilled_RestartsServerAndHealthComesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = Start(NewDataDirectory());
        await sut.WaitUntilReadyAsync(ct);
        var killed = sut.ResourcePids()["server"];

        Assert.True(ProcessInspector.Signal(killed, SigKill));

        await sut.WaitForLineAsync(l => l.Contains("server exited unexpectedly", StringComparison.Ordinal), StopDeadline, ct);
        var restarted = await PollAsync(
            async () => sut.ResourcePids().TryGetValue("server", out var pid) && pid != killed
                && (await TryGetAsync(new Uri(sut.ServerUrl, "/health"), ct)) == HttpStatusCode.OK,
            ct);
        Assert.True(restarted, $"the server did not come back healthy:\n{sut.Output}");
        Assert.True(await GoneAsync(killed, ct));

        sut.Signal(SigInt);
        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
    }

    [Fact]
    public async Task Run_StoreKilled_RestartsStoreOnSamePortWithTheData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = Start(NewDataDirectory());
        await sut.WaitUntilReadyAsync(ct);
        var connectionString = sut.ClaudeDesktopConfig().GetProperty("env").GetProperty("ConnectionStrings__store").GetString()!;
        Assert.Equal("OK", await RespExchange.SendAsync(connectionString, ct, "SET", "apphost:crash", "survives"));
        var killed = sut.ResourcePids()["store"];

        Assert.True(ProcessInspector.Signal(killed, SigKill));

        await sut.WaitForLineAsync(l => l.Contains("store exited unexpectedly", StringComparison.Ordinal), StopDeadline, ct);
        var restarted = await PollAsync(
            async () => sut.ResourcePids().TryGetValue("store", out var pid) && pid != killed
                && await StoreHealth.PingAsync(connectionString, TimeSpan.FromSeconds(2), ct),
            ct);
        Assert.True(restarted, $"the store did not come back on the same connection string:\n{sut.Output}");
        Assert.Equal("survives", await RespExchange.SendAsync(connectionString, ct, "GET", "apphost:crash"));

        sut.Signal(SigInt);
        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
    }

    [Fact]
    public async Task Run_SecondRunOnSameDataDirectory_KeepsStoreDataTokensAndConnectionString()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var (storePort, serverPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        string connectionString, agentToken, operatorToken;
        await using (var first = AppHostProcess.Start(dir, storePort, serverPort))
        {
            await first.WaitUntilReadyAsync(ct);
            connectionString = first.ClaudeDesktopConfig().GetProperty("env").GetProperty("ConnectionStrings__store").GetString()!;
            (agentToken, operatorToken) = (first.BannerValue("Agent token:"), first.BannerValue("Operator token:"));
            Assert.Equal("OK", await RespExchange.SendAsync(connectionString, ct, "SET", "apphost:persist", "kept"));
            first.Signal(SigInt);
            Assert.Equal(0, await first.WaitForExitAsync(StopDeadline, ct));
        }

        await using var sut = AppHostProcess.Start(dir, storePort, serverPort);
        await sut.WaitUntilReadyAsync(ct);

        Assert.Equal(connectionString, sut.ClaudeDesktopConfig().GetProperty("env").GetProperty("ConnectionStrings__store").GetString());
        Assert.Equal(agentToken, sut.BannerValue("Agent token:"));
        Assert.Equal(operatorToken, sut.BannerValue("Operator token:"));
        Assert.Equal("kept", await RespExchange.SendAsync(connectionString, ct, "GET", "apphost:persist"));

        sut.Signal(SigInt);
        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
    }

    [Fact]
    public async Task Run_PreviousAppHostWasKilled_StopsWhatItLeftAndStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var (storePort, serverPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        await using var killed = AppHostProcess.Start(dir, storePort, serverPort);
        await killed.WaitUntilReadyAsync(ct);
        var orphans = killed.ResourcePids();
        killed.Signal(SigKill);
        await killed.WaitForExitAsync(StopDeadline, ct);
        Assert.All(orphans.Values, pid => Assert.True(ProcessInspector.IsAlive(pid), "kill -9 of the AppHost leaves its children running"));

        await using var sut = AppHostProcess.Start(dir, storePort, serverPort);
        await sut.WaitUntilReadyAsync(ct);

        Assert.True(sut.Output.Contains("left running by a previous AppHost", StringComparison.Ordinal), sut.Output);
        foreach (var (name, pid) in orphans)
        {
            Assert.True(await GoneAsync(pid, ct), $"the leftover {name} (pid {pid}) was not stopped");
        }

        sut.Signal(SigInt);
        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
    }

    [Fact]
    public async Task Run_AnotherAppHostUsesTheDataDirectory_ExitsOneAndLeavesTheFirstAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        await using var first = Start(dir);
        await first.WaitUntilReadyAsync(ct);

        await using var sut = Start(dir);

        Assert.Equal(1, await sut.WaitForExitAsync(StopDeadline, ct));
        Assert.Contains("Another AppHost is running", sut.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await TryGetAsync(new Uri(first.ServerUrl, "/health"), ct));
        first.Signal(SigInt);
        Assert.Equal(0, await first.WaitForExitAsync(StopDeadline, ct));
    }

    [Fact]
    public async Task Run_StoreConnectionStringConfigured_UsesThatStoreAndStartsNoGarnet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var external = await EmbeddedGarnet.StartAsync(
            new EmbeddedGarnetOptions { DataDirectory = NewDataDirectory(), MemorySize = "128m", IndexSize = "16m" }, cancellationToken: ct);
        var dir = NewDataDirectory();
        await using var sut = AppHostProcess.Start(
            dir, LoopbackPorts.Free(), LoopbackPorts.Free(), new Dictionary<string, string> { ["ConnectionStrings__store"] = external.ConnectionString });

        await sut.WaitUntilReadyAsync(ct);

        var pids = sut.ResourcePids();
        Assert.Equal(["server"], pids.Keys);
        Assert.Equal(external.ConnectionString, Environment(pids["server"])["ConnectionStrings__store"]);
        Assert.Equal(external.ConnectionString, sut.ClaudeDesktopConfig().GetProperty("env").GetProperty("ConnectionStrings__store").GetString());
        Assert.False(Directory.Exists(Path.Combine(dir, "apphost", "store")), "no local store data when an external store is configured");
        Assert.DoesNotContain(sut.Output.Split('\n'), l => l.StartsWith('[') && l.Contains(external.Password, StringComparison.Ordinal));

        sut.Signal(SigInt);
        Assert.Equal(0, await sut.WaitForExitAsync(StopDeadline, ct));
        Assert.True(external.IsRunning, "the AppHost must not stop a store it does not own");
    }

    [Fact]
    public async Task Run_StorePortTaken_ExitsOneNamingThePortWithoutStartingTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var sut = AppHostProcess.Start(NewDataDirectory(), taken, LoopbackPorts.Free());

        Assert.Equal(1, await sut.WaitForExitAsync(AppHostProcess.ReadyTimeout, ct));
        Assert.Contains("store could not be started", sut.Output, StringComparison.Ordinal);
        Assert.Contains(taken.ToString(System.Globalization.CultureInfo.InvariantCulture), sut.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("server is starting", sut.Output, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> HealthAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(url, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var dir in _directories)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder is not a test failure.
            }
        }
    }

    private AppHostProcess Start(string dataDirectory) => AppHostProcess.Start(dataDirectory, LoopbackPorts.Free(), LoopbackPorts.Free());

    private string NewDataDirectory()
    {
        var dir = RepositoryPaths.NewTempDirectory("apphost");
        _directories.Add(dir);
        return dir;
    }

    private async Task<HttpStatusCode?> TryGetAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StopDeadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    /// <summary>Gone from /proc entirely (not running, not a zombie).</summary>
    private static Task<bool> GoneAsync(int pid, CancellationToken cancellationToken) =>
        PollAsync(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), cancellationToken);

    private static Dictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
}
