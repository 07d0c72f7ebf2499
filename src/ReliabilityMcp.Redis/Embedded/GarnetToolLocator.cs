using System.Diagnostics;
using System.Text.Json;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Finds the Garnet server assembly installed by the local tool manifest, running
/// <c>dotnet tool restore</c> when the package is not in the NuGet cache yet.
/// </summary>
/// <remarks>
/// We launch <c>dotnet GarnetServer.dll</c> directly rather than <c>dotnet tool run</c>: the latter adds a
/// host process in between, so stopping it can orphan the real server.
/// </remarks>
public static class GarnetToolLocator
{
    private const string PackageId = "garnet-server";

    /// <summary>What a user can do instead when no local Garnet can be had (every failure message ends with it).</summary>
    private const string Instead = "To use a store of your own instead, set ConnectionStrings__store (host:port,password=...) to a Redis-protocol server.";

    /// <summary>Returns the full path of <c>GarnetServer.dll</c>, restoring the tool first when needed.</summary>
    public static async Task<string> LocateAsync(string? manifestPath, CancellationToken cancellationToken)
    {
        var manifest = manifestPath ?? FindManifest()
            ?? throw new InvalidOperationException(
                $"Cannot find .config/dotnet-tools.json (it pins garnet-server) beside the server or above the working directory. {Instead}");
        var version = ReadVersion(manifest);
        var dll = CandidatePath(version);
        if (File.Exists(dll))
        {
            return dll;
        }

        await RestoreAsync(Path.GetDirectoryName(Path.GetDirectoryName(manifest))!, cancellationToken).ConfigureAwait(false);
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"'dotnet tool restore' finished but {dll} does not exist. {Instead}");
    }

    /// <summary>Searches upwards from the app base directory and the working directory for the tool manifest.</summary>
    public static string? FindManifest()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".config", "dotnet-tools.json");
                if (File.Exists(candidate) && ReadVersionOrNull(candidate) is not null)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    internal static string ReadVersion(string manifest) =>
        ReadVersionOrNull(manifest)
        ?? throw new InvalidOperationException($"{manifest} does not list the '{PackageId}' tool.");

    private static string? ReadVersionOrNull(string manifest)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
        return doc.RootElement.TryGetProperty("tools", out var tools)
            && tools.TryGetProperty(PackageId, out var tool)
            && tool.TryGetProperty("version", out var version)
            ? version.GetString()
            : null;
    }

    private static string CandidatePath(string version)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        return Path.Combine(packages, PackageId, version, "tools", "net10.0", "any", "GarnetServer.dll");
    }

    private static async Task RestoreAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("tool");
        psi.ArgumentList.Add("restore");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start 'dotnet tool restore'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            // Usually no NuGet feed serving that garnet-server version could be reached (offline, or a NuGet.config
            // above the tool's folder that clears the sources).
            throw new InvalidOperationException(
                $"Could not get the local Garnet store: 'dotnet tool restore' of {PackageId} in {workingDirectory} failed with exit code " +
                $"{process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()} {(await stdout.ConfigureAwait(false)).Trim()} {Instead}");
        }
    }
}
