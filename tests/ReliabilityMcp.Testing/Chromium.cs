using System.Diagnostics;

namespace ReliabilityMcp.Testing;

/// <summary>
/// Debian's Chromium for browser tests (Playwright's own browser download does not work here). The test command
/// installs it on a fresh machine — <c>apt-get install chromium</c> when running as root — so that <c>dotnet test</c>
/// needs nothing installed by hand; elsewhere it says what to install.
/// </summary>
public static class Chromium
{
    /// <summary>Where Debian installs it.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Flags for a headless run on a machine with no network beyond loopback and no GPU (run as root: no sandbox).</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Returns <see cref="ExecutablePath"/>, installing Chromium first when it is missing and this process may.</summary>
    public static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return ExecutablePath;
            }

            if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException($"Browser tests need Chromium at {ExecutablePath}: install it with `sudo apt-get install chromium` (Debian/Ubuntu).");
            }

            // Another test assembly may be installing at the same moment: dpkg's own lock makes the second wait.
            var install = await RunAsync(["-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"], cancellationToken);
            if (install.ExitCode != 0)
            {
                var update = await RunAsync(["-o", "DPkg::Lock::Timeout=600", "update"], cancellationToken);
                install = update.ExitCode == 0
                    ? await RunAsync(["-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"], cancellationToken)
                    : update;
            }

            return install.ExitCode == 0 && File.Exists(ExecutablePath)
                ? ExecutablePath
                : throw new InvalidOperationException($"apt-get could not install chromium (exit {install.ExitCode}):\n{install.Output}");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("/usr/bin/apt-get")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
