using System.Diagnostics;
using System.Text;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Starts a Garnet process that does not depend on its starter: it may outlive it, and nothing it does
/// can disturb the starter's own standard streams (a stdio MCP server's stdout is the protocol).
/// </summary>
/// <remarks>
/// Why not <see cref="EmbeddedGarnet"/>: that one pipes Garnet's stdout/stderr into its owner. A store
/// shared between servers outlives the server that started it; once that server stops draining or exits,
/// a piped child blocks on a full pipe or writes into a closed one. Here the child gets no pipe at all:
/// on Unix a shell redirects stdin from /dev/null and stdout/stderr to a log file, then execs Garnet
/// (through <c>setsid</c> where it exists, so a Ctrl+C in the starter's terminal does not reach the store).
/// The password travels in a 0600 config file rather than on the command line, which every local user
/// can read from /proc.
/// </remarks>
internal static class DetachedGarnet
{
    /// <summary>Starts Garnet and returns its process (the pid is Garnet's own: the shell execs).</summary>
    public static Process Launch(string garnetDll, string storeDirectory, int port, string password, SharedGarnetOptions options)
    {
        var dataDirectory = Path.Combine(storeDirectory, "data");
        OwnerOnlyFile.CreateDirectory(dataDirectory);
        string[] garnetArgs =
        [
            .. GarnetArguments.Build(garnetDll, "127.0.0.1", port, password, Path.Combine(storeDirectory, "garnet.conf"), dataDirectory,
                options.MemorySize, options.IndexSize),
            "--disable-console-logger",
            "--file-logger", Path.Combine(storeDirectory, "garnet.log"),
        ];

        var process = OperatingSystem.IsWindows()
            ? StartWindows(garnetArgs, storeDirectory)
            : StartUnix(garnetArgs, storeDirectory);
        return process;
    }

    /// <summary>The tail of Garnet's console output (startup errors land there), for error messages.</summary>
    public static string ConsoleTail(string storeDirectory, int maxChars = 2000)
    {
        var path = ConsoleLogPath(storeDirectory);
        try
        {
            var text = File.ReadAllText(path);
            return text.Length <= maxChars ? text : text[^maxChars..];
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static string ConsoleLogPath(string storeDirectory) => Path.Combine(storeDirectory, "garnet-console.log");

    private static Process StartUnix(string[] garnetArgs, string storeDirectory)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = storeDirectory,
        };
        // It outlives the server; none of the server's secrets go with it (issue 17).
        ChildProcessEnvironment.RestrictForDotnet(psi.Environment);

        // Arguments go to the shell as positional parameters, never spliced into the script: no quoting bugs.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
        psi.ArgumentList.Add("garnet");
        psi.ArgumentList.Add(ConsoleLogPath(storeDirectory));
        if (FindSetsid() is { } setsid)
        {
            psi.ArgumentList.Add(setsid);
        }

        psi.ArgumentList.Add(DotnetHost.Path);
        foreach (var arg in garnetArgs)
        {
            psi.ArgumentList.Add(arg);
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("Could not start the Garnet process.");
    }

    private static Process StartWindows(string[] garnetArgs, string storeDirectory)
    {
        // Untested here (no Windows machine): ShellExecute gives the child no inherited handles and a
        // hidden window of its own, which is the Windows way to detach.
        var arguments = new StringBuilder();
        foreach (var arg in garnetArgs)
        {
            arguments.Append(arguments.Length == 0 ? string.Empty : " ").Append('"').Append(arg.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        var psi = new ProcessStartInfo(DotnetHost.Path, arguments.ToString())
        {
            UseShellExecute = true,
            WindowStyle = ProcessWindowStyle.Hidden,
            WorkingDirectory = storeDirectory,
        };
        return Process.Start(psi) ?? throw new InvalidOperationException("Could not start the Garnet process.");
    }

    private static string? FindSetsid() =>
        new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
}
