using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// <c>state.json</c>: the orchestrator's pid and the pid of each running resource process. Rewritten
/// whenever a resource (re)starts, deleted after a clean shutdown. If the orchestrator is killed (-9, power
/// loss), its children live on holding ports and data; the next run reads this file and stops them.
/// Tools and tests read it too.
/// </summary>
internal sealed partial class RunStateFile(string path, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Pid, string? Marker)> _resources = new(StringComparer.Ordinal);

    /// <summary>Where the file lives.</summary>
    public string Path { get; } = path;

    /// <summary>Records the current process of <paramref name="resource"/> (or its absence) and rewrites the file.</summary>
    public void Record(Resource resource)
    {
        lock (_gate)
        {
            if (resource.ProcessId is { } pid)
            {
                _resources[resource.Name] = (pid, resource.CommandLineMarker);
            }
            else
            {
                _resources.Remove(resource.Name);
            }

            var resources = new JsonObject();
            foreach (var (name, (processId, marker)) in _resources.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                resources[name] = new JsonObject { ["pid"] = processId, ["marker"] = marker };
            }

            var json = new JsonObject { ["apphostPid"] = Environment.ProcessId, ["resources"] = resources };
            // Atomic replace: tools and tests read it while we run.
            OwnerOnlyFile.WriteAllText(Path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>Deletes the file after a clean shutdown.</summary>
    public void Delete()
    {
        lock (_gate)
        {
            _resources.Clear();
            File.Delete(Path);
        }
    }

    /// <summary>
    /// Stops processes a previous run recorded and left behind. A pid counts only when its command line
    /// still contains the recorded marker: pids are reused, and we never signal a stranger.
    /// </summary>
    public async Task StopLeftoversAsync(CancellationToken cancellationToken)
    {
        JsonNode? previous;
        try
        {
            previous = JsonNode.Parse(File.ReadAllText(Path));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return;
        }

        if (previous?["resources"] is not JsonObject resources)
        {
            return;
        }

        foreach (var (name, entry) in resources)
        {
            var pid = entry?["pid"]?.GetValue<int>() ?? 0;
            var marker = entry?["marker"]?.GetValue<string>();
            if (pid <= 0 || string.IsNullOrEmpty(marker) || !ProcessInspector.IsAlive(pid)
                || ProcessInspector.CommandLine(pid) is not { } commandLine || !commandLine.Contains(marker, StringComparison.Ordinal))
            {
                continue;
            }

            Log.StoppingLeftover(logger, name, pid);
            await ProcessInspector.TerminateAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        File.Delete(Path);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, EventName = "StoppingLeftover", Level = LogLevel.Warning,
            Message = "Stopping {Resource} (pid {Pid}) left running by a previous AppHost that did not shut down cleanly")]
        public static partial void StoppingLeftover(ILogger logger, string resource, int pid);
    }
}
