using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Questions about processes we did not necessarily start (a store left by another server or by an
/// AppHost that was killed): is it alive, what is its command line, send it a signal.
/// </summary>
public static partial class ProcessInspector
{
    /// <summary>SIGKILL: cannot be caught.</summary>
    public const int SigKill = 9;

    /// <summary>SIGTERM: the polite request to stop.</summary>
    public const int SigTerm = 15;

    /// <summary>
    /// Whether <paramref name="pid"/> names a running process. A zombie (exited, not yet reaped by its
    /// parent) counts as dead: it holds no port and no files.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                // /proc/<pid>/stat: "pid (comm) S ..." where comm may contain spaces and parentheses.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var close = stat.LastIndexOf(')');
                return close > 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            // kill(pid, 0) probes without sending; EPERM means it exists but belongs to someone else.
            return SysKill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The argv of <paramref name="pid"/> joined with spaces, or <see langword="null"/> when the platform
    /// cannot tell (Linux reads /proc; macOS asks <c>ps</c>; Windows is not supported).
    /// </summary>
    public static string? CommandLine(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var raw = File.ReadAllBytes($"/proc/{pid}/cmdline");
                return raw.Length == 0 ? null : Encoding.UTF8.GetString(raw).Replace('\0', ' ').TrimEnd();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        if (OperatingSystem.IsMacOS())
        {
            try
            {
                var psi = new ProcessStartInfo("ps") { RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var arg in new[] { "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "command=" })
                {
                    psi.ArgumentList.Add(arg);
                }

                using var ps = Process.Start(psi);
                if (ps is null)
                {
                    return null;
                }

                var output = ps.StandardOutput.ReadToEnd().Trim();
                ps.WaitForExit();
                return output.Length == 0 ? null : output;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> (Unix); returns whether it was delivered.</summary>
    public static bool Signal(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            if (signal != SigKill)
            {
                return false;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                return true;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }

        return SysKill(pid, signal) == 0;
    }

    /// <summary>
    /// Asks <paramref name="pid"/> to stop (SIGTERM), and kills it when it is still alive after
    /// <paramref name="grace"/>. Returns once it is gone or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static async Task TerminateAsync(int pid, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!IsAlive(pid))
        {
            return;
        }

        _ = Signal(pid, OperatingSystem.IsWindows() ? SigKill : SigTerm);
        if (await WaitForExitAsync(pid, grace, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _ = Signal(pid, SigKill);
        _ = await WaitForExitAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls until <paramref name="pid"/> is gone; returns <see langword="false"/> on timeout.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Not our child in general (another server may have started it), so there is no exit event to
        // await: poll. Stores stop within a second or two; 50 ms polling costs nothing.
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (IsAlive(pid))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
