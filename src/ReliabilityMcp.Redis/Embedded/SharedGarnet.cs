using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// The local store shared by every stdio server of one user: when no connection string is configured,
/// a server calls <see cref="AcquireAsync(string, ILogger?, CancellationToken)"/> and either reuses the
/// Garnet another server started or starts one, so a Claude Desktop user needs nothing else running.
/// </summary>
/// <remarks>
/// <para>Files under <c>&lt;dataDirectory&gt;/store/</c> (folder mode 0700):</para>
/// <list type="bullet">
/// <item><c>lock</c>: held exclusively while checking and starting, so two servers launched at the same
/// moment start one store, not two on the same data.</item>
/// <item><c>garnet.json</c> (0600): <c>{"pid","port","password"}</c> of the running store.</item>
/// <item><c>garnet.conf</c> (0600): the password, handed to Garnet as a config file so it never appears
/// on a command line.</item>
/// <item><c>data/</c>: checkpoints and the append-only file (AOF with commit wait: acknowledged writes
/// survive a crash); <c>garnet.log</c> and <c>garnet-console.log</c>: Garnet's own logs.</item>
/// </list>
/// <para>Lifecycle: the store is started detached from the server that starts it (own session, no pipes
/// to its starter) and is meant to outlive it, because other servers may be using it. Nobody stops it
/// automatically: it keeps running after the last server exits, holding a few hundred MB at most, and
/// the next server reuses it instantly. <see cref="StopAsync"/> stops it explicitly. If it dies (crash,
/// reboot), the next <see cref="AcquireAsync(string, ILogger?, CancellationToken)"/> starts a new one on
/// the same data, with the same port (when free) and password so servers already connected reconnect.</para>
/// <para>Reuse rule: the port file must name a live process that answers PING with the recorded password.
/// A live process that does not (its password was lost or the file was edited) and that is a Garnet on
/// this store's data is stopped first, since two stores must never share one AOF.</para>
/// </remarks>
public static partial class SharedGarnet
{
    private const string Host = "127.0.0.1";

    // Stores this process launched and that still run (see Track).
    private static readonly ConcurrentDictionary<int, Process> Launched = new();

    /// <summary>Returns the running shared store in <paramref name="dataDirectory"/>, starting it when needed.</summary>
    /// <param name="dataDirectory">The per-user data directory (<c>ReliabilityMcp:DataDirectory</c>).</param>
    /// <param name="logger">Receives start/reuse events; never the password.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock or for a new store to become ready.</param>
    public static Task<SharedGarnetLease> AcquireAsync(
        string dataDirectory, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        AcquireAsync(dataDirectory, new SharedGarnetOptions(), logger, cancellationToken);

    /// <inheritdoc cref="AcquireAsync(string, ILogger?, CancellationToken)"/>
    /// <param name="dataDirectory">The per-user data directory (<c>ReliabilityMcp:DataDirectory</c>).</param>
    /// <param name="options">How to start the store if none runs.</param>
    /// <param name="logger">Receives start/reuse events; never the password.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock or for a new store to become ready.</param>
    public static async Task<SharedGarnetLease> AcquireAsync(
        string dataDirectory, SharedGarnetOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var storeDirectory = StoreDirectory(dataDirectory);
        OwnerOnlyFile.CreateDirectory(storeDirectory);

        using var storeLock = await LockAsync(storeDirectory, options.LockTimeout, cancellationToken).ConfigureAwait(false);
        var portFile = PortFilePath(storeDirectory);
        var previous = SharedGarnetState.TryRead(portFile);
        if (previous is not null && ProcessInspector.IsAlive(previous.Pid))
        {
            if (await AnswersAsync(previous, cancellationToken).ConfigureAwait(false))
            {
                Log.Reused(logger, previous.Pid, Host, previous.Port);
                return new SharedGarnetLease(Host, previous.Port, previous.Password, previous.Pid, started: false);
            }

            if (IsGarnetOn(previous.Pid, storeDirectory))
            {
                Log.StoppingUnusable(logger, previous.Pid, previous.Port);
                await ProcessInspector.TerminateAsync(previous.Pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);

                // Nobody can be holding a working connection string built from this file: start afresh.
                previous = null;
            }

            // Otherwise the pid was reused by an unrelated process (after a reboot, say): the store is dead.
        }

        var state = await StartAsync(storeDirectory, previous, options, logger, cancellationToken).ConfigureAwait(false);
        state.Write(portFile);
        return new SharedGarnetLease(Host, state.Port, state.Password, state.Pid, started: true);
    }

    /// <summary>
    /// Stops the shared store of <paramref name="dataDirectory"/> if one runs (SIGTERM, then kill after
    /// 10 s) and removes its port file. Servers using it lose their store until the next acquire.
    /// </summary>
    /// <returns>Whether a running store was stopped.</returns>
    public static async Task<bool> StopAsync(
        string dataDirectory, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        logger ??= NullLogger.Instance;
        var storeDirectory = StoreDirectory(dataDirectory);
        if (!Directory.Exists(storeDirectory))
        {
            return false;
        }

        using var storeLock = await LockAsync(storeDirectory, new SharedGarnetOptions().LockTimeout, cancellationToken).ConfigureAwait(false);
        var portFile = PortFilePath(storeDirectory);
        var state = SharedGarnetState.TryRead(portFile);
        var stopped = false;
        if (state is not null && ProcessInspector.IsAlive(state.Pid) && IsGarnetOn(state.Pid, storeDirectory))
        {
            await ProcessInspector.TerminateAsync(state.Pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (ProcessInspector.IsAlive(state.Pid))
            {
                throw new InvalidOperationException($"The shared store ({state}) did not stop, even after SIGKILL.");
            }

            Log.Stopped(logger, state.Pid);
            stopped = true;
        }

        File.Delete(portFile);
        return stopped;
    }

    internal static string StoreDirectory(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "store");

    internal static string PortFilePath(string storeDirectory) => Path.Combine(storeDirectory, "garnet.json");

    private static async Task<SharedGarnetState> StartAsync(
        string storeDirectory, SharedGarnetState? previous, SharedGarnetOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var dll = await GarnetToolLocator.LocateAsync(options.ToolManifestPath, cancellationToken).ConfigureAwait(false);

        // After a crash: the same password and port as the store that died, so servers still holding its
        // connection string reconnect to the new one. The port may be taken by now: then any free port.
        var password = previous?.Password ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var ports = new[] { previous?.Port ?? 0, 0, 0 };
        for (var attempt = 0; ; attempt++)
        {
            var port = ports[attempt] != 0 ? ports[attempt] : LoopbackPorts.Free();
            var process = DetachedGarnet.Launch(dll, storeDirectory, port, password, options);
            Track(process);
            try
            {
                await WaitUntilReadyAsync(process, storeDirectory, port, password, options.StartTimeout, cancellationToken).ConfigureAwait(false);
                Log.Started(logger, process.Id, Host, port, storeDirectory);
                return new SharedGarnetState(process.Id, port, password);
            }
            catch (GarnetExitedException ex) when (attempt < ports.Length - 1)
            {
                Log.RetryingStart(logger, port, ex.Message);
            }
            catch
            {
                await ProcessInspector.TerminateAsync(process.Id, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>PING with the recorded password, three tries: a busy store is not a dead one.</summary>
    private static async Task<bool> AnswersAsync(SharedGarnetState state, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await StoreProbe.PingAsync(Host, state.Port, state.Password, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private static void Track(Process process)
    {
        // Referenced (not disposed) while it runs so the runtime reaps it when it exits: no zombies in a
        // long-running server or test host. Forgotten once it has exited (and been reaped).
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Launched.TryRemove(new KeyValuePair<int, Process>(process.Id, process));
        Launched[process.Id] = process;
    }

    private static async Task WaitUntilReadyAsync(
        Process process, string storeDirectory, int port, string password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (process.HasExited)
            {
                throw new GarnetExitedException(
                    $"Garnet exited with code {process.ExitCode} before answering PING on {Host}:{port}. " +
                    $"Its output ({storeDirectory}): {DetachedGarnet.ConsoleTail(storeDirectory, 600)}");
            }

            if (await StoreProbe.PingAsync(Host, port, password, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Garnet did not answer PING on {Host}:{port} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the store lock: an exclusive lock on <c>lock</c> (flock on Unix), retried until the timeout.</summary>
    private static async Task<FileStream> LockAsync(string storeDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(storeDirectory, "lock");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive, non-blocking lock held until the stream is disposed,
                // released by the OS if the holder dies. The file itself is never deleted: deleting a lock
                // file lets a third process lock a new inode while a second still holds the old one.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (File.Exists(path))
            {
                throw new TimeoutException(
                    $"Another process held the store lock {path} for more than {timeout.TotalSeconds:0} s.", ex);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="pid"/> is a Garnet serving this store's data. When the platform cannot tell,
    /// the answer is no: we never signal a process we cannot identify (pids are reused after a reboot).
    /// </summary>
    private static bool IsGarnetOn(int pid, string storeDirectory) =>
        ProcessInspector.CommandLine(pid) is { } commandLine
        && commandLine.Contains("GarnetServer", StringComparison.Ordinal)
        && commandLine.Contains(Path.Combine(storeDirectory, "data"), StringComparison.Ordinal);

    private sealed class GarnetExitedException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, EventName = "SharedGarnetStarted", Level = LogLevel.Information,
            Message = "Started the shared local store (pid {Pid}) on {Host}:{Port}, data in {StoreDirectory}")]
        public static partial void Started(ILogger logger, int pid, string host, int port, string storeDirectory);

        [LoggerMessage(EventId = 111, EventName = "SharedGarnetReused", Level = LogLevel.Information,
            Message = "Using the shared local store already running (pid {Pid}) on {Host}:{Port}")]
        public static partial void Reused(ILogger logger, int pid, string host, int port);

        [LoggerMessage(EventId = 112, EventName = "SharedGarnetUnusable", Level = LogLevel.Warning,
            Message = "The shared store (pid {Pid}, port {Port}) does not accept the recorded password; stopping it and starting a new one on the same data")]
        public static partial void StoppingUnusable(ILogger logger, int pid, int port);

        [LoggerMessage(EventId = 113, EventName = "SharedGarnetStartRetry", Level = LogLevel.Warning,
            Message = "The shared store could not start on port {Port}; retrying on another port. {Reason}")]
        public static partial void RetryingStart(ILogger logger, int port, string reason);

        [LoggerMessage(EventId = 114, EventName = "SharedGarnetStopped", Level = LogLevel.Information,
            Message = "Stopped the shared local store (pid {Pid})")]
        public static partial void Stopped(ILogger logger, int pid);
    }
}
