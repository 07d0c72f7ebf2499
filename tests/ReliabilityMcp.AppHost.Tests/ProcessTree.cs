using System.Globalization;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>Processes and their descendants, read from /proc (Linux).</summary>
internal static class ProcessTree
{
    /// <summary><paramref name="roots"/>, every descendant of them, and DCP (detached, it watches the AppHost: <paramref name="appHostPid"/>).</summary>
    public static HashSet<int> StartedBy(IReadOnlyCollection<int> roots, int appHostPid)
    {
        var parents = new Dictionary<int, int>();
        var commands = new Dictionary<int, string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                commands[pid] = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        var self = appHostPid.ToString(CultureInfo.InvariantCulture);
        var result = new HashSet<int>(roots);
        foreach (var (pid, command) in commands)
        {
            if (command.Contains("/dcp ", StringComparison.Ordinal) && command.Contains($"--monitor {self}", StringComparison.Ordinal))
            {
                result.Add(pid);
            }
        }

        bool added;
        do
        {
            added = false;
            foreach (var (pid, parent) in parents)
            {
                if (result.Contains(parent) && parent != Environment.ProcessId && parent != appHostPid && result.Add(pid))
                {
                    added = true;
                }
            }
        }
        while (added);
        return result;
    }
}
