using System.Globalization;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>Processes and their descendants, read from /proc (Linux).</summary>
internal static class ProcessTree
{
    /// <summary><paramref name="roots"/>, the DCP processes above them, and every descendant (not below <paramref name="appHostPid"/> itself).</summary>
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

        // DCP: the dcp processes above the resources (several AppHosts in one test process each have their own).
        var result = new HashSet<int>(roots);
        var monitor = $"--monitor {appHostPid.ToString(CultureInfo.InvariantCulture)}";
        if (appHostPid != Environment.ProcessId)
        {
            // A separate AppHost process: its DCP is detached and names it.
            result.UnionWith(commands.Where(c => c.Value.Contains("/dcp ", StringComparison.Ordinal) && c.Value.Contains(monitor, StringComparison.Ordinal)).Select(c => c.Key));
        }

        foreach (var root in roots)
        {
            for (var pid = root; parents.TryGetValue(pid, out var parent) && commands.TryGetValue(parent, out var command)
                && command.Contains("/dcp ", StringComparison.Ordinal); pid = parent)
            {
                result.Add(parent);
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
