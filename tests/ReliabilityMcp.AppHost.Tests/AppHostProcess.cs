using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>
/// The AppHost as a real child process (<c>dotnet ReliabilityMcp.AppHost.dll</c>) on a temporary data
/// directory and free ports, with its console captured line by line.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private AppHostProcess(Process process, string dataDirectory, int storePort, int serverPort, int controlPort)
    {
        ControlPort = controlPort;
        _process = process;
        DataDirectory = dataDirectory;
        StorePort = storePort;
        ServerPort = serverPort;
    }

    public string DataDirectory { get; }

    public int StorePort { get; }

    public int ServerPort { get; }

    public int ControlPort { get; }

    public Uri ControlUrl => new($"http://127.0.0.1:{ControlPort.ToString(CultureInfo.InvariantCulture)}");

    public int Pid => _process.Id;

    public Uri ServerUrl => new($"http://127.0.0.1:{ServerPort.ToString(CultureInfo.InvariantCulture)}");

    public string StatePath => Path.Combine(DataDirectory, "apphost", "state.json");

    public string Output => string.Join('\n', _lines);

    /// <param name="dataDirectory">ReliabilityMcp:DataDirectory.</param>
    /// <param name="storePort">AppHost:StorePort.</param>
    /// <param name="serverPort">AppHost:ServerPort.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="ownProcessGroup">Run in a new session whose process group the AppHost leads, like a shell
    /// job: <see cref="SignalProcessGroup"/> then behaves like Ctrl+C in a terminal.</param>
    public static AppHostProcess Start(
        string dataDirectory, int storePort, int serverPort, IReadOnlyDictionary<string, string>? environment = null, bool ownProcessGroup = false)
    {
        var appHostDll = typeof(LocalApplication).Assembly.Location;
        var psi = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(appHostDll),
        };

        // A shell that ran us in the background without job control ignores SIGINT, and ignored signals
        // stay ignored across exec: the AppHost would never see our Ctrl+C. Restore the default first.
        var command = new List<string>();
        if (ownProcessGroup)
        {
            // setsid execs in place (we are not a group leader): the pid stays the AppHost's.
            command.Add("/usr/bin/setsid");
        }

        if (SigIntIgnored())
        {
            command.AddRange(["/usr/bin/env", "--default-signal=INT"]);
        }

        command.AddRange([DotnetHost.Path, appHostDll]);
        psi.FileName = command[0];
        foreach (var argument in command.Skip(1))
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment.Remove("ConnectionStrings__store");
        psi.Environment["ReliabilityMcp__DataDirectory"] = dataDirectory;
        psi.Environment["AppHost__StorePort"] = storePort.ToString(CultureInfo.InvariantCulture);
        psi.Environment["AppHost__ServerPort"] = serverPort.ToString(CultureInfo.InvariantCulture);
        psi.Environment["AppHost__StoreMemorySize"] = "128m";
        psi.Environment["AppHost__StoreIndexSize"] = "16m";
        psi.Environment["NO_COLOR"] = "1";
        // The store-and-server tests run without the demo estate; the demo's own tests turn it on.
        psi.Environment["AppHost__Demo"] = "false";
        // Not the default 5190: several AppHosts run at once here.
        psi.Environment["AppHost__ControlPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var sut = new AppHostProcess(process, dataDirectory, storePort, serverPort, int.Parse(psi.Environment["AppHost__ControlPort"]!, CultureInfo.InvariantCulture));
        process.OutputDataReceived += (_, e) => sut.Add(e.Data);
        process.ErrorDataReceived += (_, e) => sut.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sut;
    }

    /// <summary>Waits for a line matching <paramref name="predicate"/>; fails with the whole output on timeout or exit.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_lines.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            if (_process.HasExited && !await _lineArrived.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken))
            {
                throw new Xunit.Sdk.XunitException($"The AppHost exited with code {_process.ExitCode} first. Output:\n{Output}");
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new Xunit.Sdk.XunitException($"No matching line within {timeout.TotalSeconds:0} s. Output:\n{Output}");
            }

            await _lineArrived.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Waits for the ready line and the rest of the banner; returns the ready line.</summary>
    public async Task<string> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var ready = await WaitForLineAsync(l => l.StartsWith(ReadyBanner.ReadyLine, StringComparison.Ordinal), ReadyTimeout, cancellationToken);
        await WaitForLineAsync(l => l.StartsWith("Press Ctrl+C", StringComparison.Ordinal), ReadyTimeout, cancellationToken);
        return ready;
    }

    /// <summary>Resource pids from state.json (store, server).</summary>
    public Dictionary<string, int> ResourcePids()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(StatePath));
        return doc.RootElement.GetProperty("resources").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("pid").GetInt32());
    }

    /// <summary>The Claude Desktop block printed with the ready banner.</summary>
    public JsonElement ClaudeDesktopConfig()
    {
        var lines = _lines.ToArray();
        var start = Array.FindIndex(lines, l => l.StartsWith("Claude Desktop", StringComparison.Ordinal)) + 1;
        var end = Array.FindIndex(lines, start, l => l == "}");
        Assert.True(start > 0 && end > start, $"No Claude Desktop block in:\n{Output}");
        using var doc = JsonDocument.Parse(string.Join('\n', lines[start..(end + 1)]));
        return doc.RootElement.GetProperty("mcpServers").GetProperty("reliabilitymcp").Clone();
    }

    /// <summary>The value printed after <paramref name="label"/> in the ready banner (first word).</summary>
    public string BannerValue(string label)
    {
        var line = _lines.First(l => l.TrimStart().StartsWith(label, StringComparison.Ordinal));
        return line.TrimStart()[label.Length..].TrimStart().Split(' ')[0];
    }

    public void Signal(int signal) => Assert.True(ProcessInspector.Signal(Pid, signal), $"could not signal {Pid}");

    /// <summary>Signals the AppHost's whole process group, as a terminal does on Ctrl+C.</summary>
    public void SignalProcessGroup(int signal) => Assert.True(ProcessInspector.Signal(-Pid, signal), $"could not signal group {Pid}");

    /// <summary>Waits for the AppHost to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"The AppHost did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // A failed test must not leave a store or server behind for the next one.
        var pids = File.Exists(StatePath) ? ResourcePids().Values.ToList() : [];
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        foreach (var pid in pids.Where(ProcessInspector.IsAlive))
        {
            ProcessInspector.Signal(pid, ProcessInspector.SigKill);
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _lineArrived.Release();
        }
    }

    private static bool SigIntIgnored()
    {
        var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(status["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << (2 - 1))) != 0;
    }
}
