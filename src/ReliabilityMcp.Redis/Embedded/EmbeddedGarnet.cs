using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// A Garnet process started from the local tool manifest with the durability and feature flags of
/// shared/DESIGN.md §2, owned by whoever started it. Disposing stops it (SIGTERM, then kill).
/// </summary>
public sealed partial class EmbeddedGarnet : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;
    private int _stopped;
    private int _disposed;

    private EmbeddedGarnet(Process process, string host, int port, string password, ILogger logger)
    {
        _process = process;
        Host = host;
        Port = port;
        Password = password;
        _logger = logger;
    }

    /// <summary>Address the store listens on.</summary>
    public string Host { get; }

    /// <summary>TCP port the store listens on.</summary>
    public int Port { get; }

    /// <summary>The store password (never logged).</summary>
    public string Password { get; }

    /// <summary>Operating-system process id of the Garnet server.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => Volatile.Read(ref _disposed) == 0 && !_process.HasExited;

    /// <summary>A connection string in the <c>ConnectionStrings__store</c> format.</summary>
    public string ConnectionString => $"{Host}:{Port},password={Password}";

    /// <summary>Starts Garnet and waits until it answers PING.</summary>
    public static async Task<EmbeddedGarnet> StartAsync(
        EmbeddedGarnetOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var dll = await GarnetToolLocator.LocateAsync(options.ToolManifestPath, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(options.DataDirectory);
        var password = options.Password ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

        // A port picked by binding :0 can be taken by someone else before Garnet binds it; retry a few times.
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : LoopbackPorts.Free();
            var process = Launch(dll, options, port, password, logger);
            try
            {
                await WaitUntilReadyAsync(process, options.BindAddress, port, password, options.StartTimeout, cancellationToken)
                    .ConfigureAwait(false);
                Log.Started(logger, process.Id, options.BindAddress, port, options.DataDirectory);
                return new EmbeddedGarnet(process, options.BindAddress, port, password, logger);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && options.Port == 0 && attempt < 3 && process.HasExited)
            {
                Log.RetryingStart(logger, port, attempt);
                process.Dispose();
            }
            catch
            {
                Kill(process);
                process.Dispose();
                throw;
            }
        }
    }

    /// <summary>Kills the process without a graceful shutdown (crash tests: AOF with commit-wait keeps acknowledged writes).</summary>
    public void KillHard()
    {
        Kill(_process);
        _process.WaitForExit(10_000);
    }

    /// <summary>
    /// Freezes the process (SIGSTOP): its sockets stay open and nothing answers, as with a hung store. Returns once every
    /// thread is stopped: kill() returns before a thread running on another (virtual) CPU has stopped, and such a thread
    /// could still answer a command sent right after.
    /// </summary>
    public void Pause()
    {
        Signal(SigStop);
        var deadline = Environment.TickCount64 + 10_000;
        while (!AllThreadsStopped() && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(5);
        }
    }

    /// <summary>Lets a <see cref="Pause"/>d process run again (SIGCONT).</summary>
    public void Resume() => Signal(SigCont);

    /// <summary>Stops the store: SIGTERM first, then kill if it does not exit within the grace period.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || _process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = SysKill(_process.Id, SigTerm);
        }

        using var cts = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(_process);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Log.Stopped(_logger, _process.Id);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _process.Dispose();
        }
    }

    private static Process Launch(string dll, EmbeddedGarnetOptions options, int port, string password, ILogger logger)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = options.DataDirectory,
        };
        // The store needs none of the server's secrets (issue 17).
        ChildProcessEnvironment.RestrictForDotnet(psi.Environment);
        // The config file (with the password) sits beside the data, owner-only.
        var args = GarnetArguments.Build(dll, options.BindAddress, port, password, Path.Combine(options.DataDirectory, "garnet.conf"),
            options.DataDirectory, options.MemorySize, options.IndexSize, options.LuaTransactionMode);
        foreach (var arg in args.Concat(options.ExtraArguments))
        {
            psi.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Log.Output(logger, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Log.Output(logger, line); };
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start the Garnet process.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilReadyAsync(
        Process process, string host, int port, string password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Garnet exited with code {process.ExitCode} before answering PING on {host}:{port}.");
            }

            try
            {
                if (await StoreProbe.PingAsync(host, port, password, TimeSpan.FromSeconds(2), cts.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Garnet did not answer PING on {host}:{port} within {timeout.TotalSeconds:0} s.");
            }

            try
            {
                await Task.Delay(100, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Garnet did not answer PING on {host}:{port} within {timeout.TotalSeconds:0} s.");
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
    }

    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>Whether every thread of the process is in the stopped state (<c>T</c> in /proc/PID/task/TID/stat).</summary>
    private bool AllThreadsStopped()
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // The state follows the command name, which is in parentheses and may itself contain spaces.
                var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart();
                if (state.Length == 0 || state[0] is not ('T' or 't'))
                {
                    return false;
                }
            }

            return true;
        }
        catch (IOException)
        {
            // A thread ended while we looked: look again.
            return false;
        }
    }

    private void Signal(int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Pausing the store uses Linux signal numbers.");
        }

        if (SysKill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, EventName = "GarnetStarted", Level = LogLevel.Information,
            Message = "Garnet started (pid {Pid}) on {Host}:{Port}, data in {DataDirectory}")]
        public static partial void Started(ILogger logger, int pid, string host, int port, string dataDirectory);

        [LoggerMessage(EventId = 101, EventName = "GarnetStartRetry", Level = LogLevel.Warning,
            Message = "Garnet could not start on port {Port} (attempt {Attempt}); retrying on another port")]
        public static partial void RetryingStart(ILogger logger, int port, int attempt);

        [LoggerMessage(EventId = 102, EventName = "GarnetStopped", Level = LogLevel.Information,
            Message = "Garnet (pid {Pid}) stopped")]
        public static partial void Stopped(ILogger logger, int pid);

        [LoggerMessage(EventId = 103, EventName = "GarnetOutput", Level = LogLevel.Debug, Message = "garnet: {Line}")]
        public static partial void Output(ILogger logger, string line);
    }
}
