using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Embedded;

/// <summary>The shared local store of stdio servers: one per data directory, found again through its port file.</summary>
/// <remarks>Linux only: the assertions read /proc (sessions, open files, command lines).</remarks>
[SupportedOSPlatform("linux")]
public sealed class SharedGarnetTests : IAsyncLifetime
{
    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromSeconds(30);

    private readonly List<string> _dataDirectories = [];
    private readonly List<int> _pids = [];

    private static SharedGarnetOptions Options => new()
    {
        MemorySize = "128m",
        IndexSize = "16m",
        StartTimeout = TimeSpan.FromSeconds(120),
        LockTimeout = TimeSpan.FromSeconds(180),
    };

    [Fact]
    public async Task AcquireAsync_TwoConcurrentCallsInOneDirectory_StartOneStoreThatBothLeasesReach()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();

        var leases = await Task.WhenAll(
            Task.Run(() => SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct), ct),
            Task.Run(() => SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct), ct));
        Remember(leases);

        Assert.Single(leases, l => l.Started);
        Assert.Equal(leases[0].ProcessId, leases[1].ProcessId);
        Assert.Equal(leases[0].ConnectionString, leases[1].ConnectionString);
        Assert.Single(GarnetProcessesOn(dir));
        foreach (var lease in leases)
        {
            Assert.True(await StoreProbe.PingAsync(lease.Host, lease.Port, lease.Password, TimeSpan.FromSeconds(5), ct));
        }
    }

    [Fact]
    public async Task AcquireAsync_StoreAlreadyRunning_ReusesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var first = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));

        var sut = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));

        Assert.True(first.Started);
        Assert.False(sut.Started);
        Assert.Equal(first.ProcessId, sut.ProcessId);
        Assert.Equal(first.ConnectionString, sut.ConnectionString);
    }

    [Fact]
    public async Task AcquireAsync_StoreWasKilled_StartsNewStoreWithTheRecordedPassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var first = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));
        Assert.True(ProcessInspector.Signal(first.ProcessId, ProcessInspector.SigKill));
        Assert.True(await ProcessInspector.WaitForExitAsync(first.ProcessId, ProcessDeadline, ct));

        var sut = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));

        Assert.True(sut.Started);
        Assert.NotEqual(first.ProcessId, sut.ProcessId);
        Assert.Equal(first.Password, sut.Password);
        Assert.True(await StoreProbe.PingAsync(sut.Host, sut.Port, sut.Password, TimeSpan.FromSeconds(5), ct));
    }

    [Fact]
    public async Task AcquireAsync_PortFileNamesDeadProcess_StartsNewStore()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var storeDirectory = SharedGarnet.StoreDirectory(dir);
        OwnerOnlyFile.CreateDirectory(storeDirectory);
        using (var finished = Process.Start("true"))
        {
            await finished.WaitForExitAsync(ct);
            new SharedGarnetState(finished.Id, LoopbackPorts.Free(), "stale-password").Write(SharedGarnet.PortFilePath(storeDirectory));
        }

        var sut = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));

        Assert.True(sut.Started);
        Assert.True(await StoreProbe.PingAsync(sut.Host, sut.Port, sut.Password, TimeSpan.FromSeconds(5), ct));
        Assert.Equal(sut.ProcessId, ReadPortFile(dir).GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task AcquireAsync_PortFileHasWrongPassword_ReplacesTheUnreachableStore()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var first = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));
        var portFile = SharedGarnet.PortFilePath(SharedGarnet.StoreDirectory(dir));
        new SharedGarnetState(first.ProcessId, first.Port, "not-the-password").Write(portFile);

        var sut = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));

        Assert.True(sut.Started);
        Assert.NotEqual(first.ProcessId, sut.ProcessId);
        Assert.NotEqual("not-the-password", sut.Password);
        Assert.False(ProcessInspector.IsAlive(first.ProcessId), "two stores must never serve one data directory");
        Assert.Single(GarnetProcessesOn(dir));
        Assert.True(await StoreProbe.PingAsync(sut.Host, sut.Port, sut.Password, TimeSpan.FromSeconds(5), ct));
    }

    [Fact]
    public async Task StopAsync_RunningStore_LeavesNoProcessAndNoPortFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var lease = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));

        var stopped = await SharedGarnet.StopAsync(dir, cancellationToken: ct);

        Assert.True(stopped);
        Assert.True(await ProcfsEntryGoneAsync(lease.ProcessId, ct), $"process {lease.ProcessId} is still in /proc (running or unreaped)");
        Assert.Empty(GarnetProcessesOn(dir));
        Assert.False(File.Exists(SharedGarnet.PortFilePath(SharedGarnet.StoreDirectory(dir))));
        Assert.False(await SharedGarnet.StopAsync(dir, cancellationToken: ct));
    }

    [Fact]
    public async Task AcquireAsync_NewStore_KeepsSecretsOwnerOnlyAndOffTheCommandLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();
        var lease = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));
        var storeDirectory = SharedGarnet.StoreDirectory(dir);

        Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(SharedGarnet.PortFilePath(storeDirectory)));
        Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(Path.Combine(storeDirectory, "garnet.conf")));
        Assert.Equal(OwnerOnlyFile.DirectoryMode, File.GetUnixFileMode(storeDirectory));
        var commandLine = ProcessInspector.CommandLine(lease.ProcessId);
        Assert.NotNull(commandLine);
        Assert.Contains("GarnetServer", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(lease.Password, commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(lease.Password, lease.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_NewStore_IsDetachedFromTheStartersSessionAndStreams()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = NewDataDirectory();

        var lease = Remember(await SharedGarnet.AcquireAsync(dir, Options, cancellationToken: ct));

        // Own session (setsid): a Ctrl+C or hang-up in the starter's terminal does not reach the store.
        Assert.NotEqual(SessionId(Environment.ProcessId), SessionId(lease.ProcessId));
        Assert.Equal(lease.ProcessId, SessionId(lease.ProcessId));

        // No pipe back to the starter: stdin is /dev/null, stdout and stderr go to a log file.
        Assert.Equal("/dev/null", FdTarget(lease.ProcessId, 0));
        var consoleLog = Path.Combine(SharedGarnet.StoreDirectory(dir), "garnet-console.log");
        Assert.Equal(consoleLog, FdTarget(lease.ProcessId, 1));
        Assert.Equal(consoleLog, FdTarget(lease.ProcessId, 2));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var dir in _dataDirectories)
        {
            await SharedGarnet.StopAsync(dir, cancellationToken: CancellationToken.None);
        }

        // Belt and braces: a test that failed half-way may have left a store the port file no longer names.
        foreach (var pid in _pids.Concat(_dataDirectories.SelectMany(GarnetProcessesOn)))
        {
            if (ProcessInspector.IsAlive(pid))
            {
                ProcessInspector.Signal(pid, ProcessInspector.SigKill);
            }
        }

        foreach (var dir in _dataDirectories)
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

    private string NewDataDirectory()
    {
        var dir = RepositoryPaths.NewTempDirectory("shared-garnet");
        _dataDirectories.Add(dir);
        return dir;
    }

    private SharedGarnetLease Remember(SharedGarnetLease lease)
    {
        _pids.Add(lease.ProcessId);
        return lease;
    }

    private void Remember(IEnumerable<SharedGarnetLease> leases)
    {
        foreach (var lease in leases)
        {
            Remember(lease);
        }
    }

    private static JsonElement ReadPortFile(string dir) =>
        JsonDocument.Parse(File.ReadAllText(SharedGarnet.PortFilePath(SharedGarnet.StoreDirectory(dir)))).RootElement.Clone();

    /// <summary>Live Garnet processes whose command line names this data directory's store.</summary>
    private static List<int> GarnetProcessesOn(string dir)
    {
        var data = Path.Combine(SharedGarnet.StoreDirectory(dir), "data");
        var pids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid)
                && ProcessInspector.IsAlive(pid)
                && ProcessInspector.CommandLine(pid) is { } commandLine
                && commandLine.Contains("GarnetServer", StringComparison.Ordinal)
                && commandLine.Contains(data, StringComparison.Ordinal))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    private static async Task<bool> ProcfsEntryGoneAsync(int pid, CancellationToken cancellationToken)
    {
        // The store is our child here (the test host started it); the runtime reaps it shortly after it exits.
        var clock = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid}"))
        {
            if (clock.Elapsed > ProcessDeadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    private static int SessionId(int pid)
    {
        // /proc/<pid>/stat fields after "(comm)": state ppid pgrp session ...
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string FdTarget(int pid, int fd) =>
        new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? throw new InvalidOperationException($"fd {fd} of {pid} is not a link");
}
