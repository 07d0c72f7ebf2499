using System.Reflection;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// Finds the assemblies the AppHost launches (the server, the demo estate, the load generator, the agent). The
/// build asks each launchable project where it put its output (the same configuration as the AppHost's, Debug or
/// Release, wherever its output path points) and records the paths in this assembly's metadata under
/// <c>ReliabilityMcp.Launch:&lt;assembly name&gt;</c>; a configured path overrides it.
/// </summary>
internal static class ProjectLocator
{
    /// <summary>Prefix of the <see cref="AssemblyMetadataAttribute"/> keys written by the AppHost project file.</summary>
    public const string MetadataPrefix = "ReliabilityMcp.Launch:";

    /// <summary>The server's assembly name.</summary>
    public const string Server = "ReliabilityMcp.Server";

    /// <summary>The demo estate's assembly name.</summary>
    public const string DemoEstate = "ReliabilityMcp.DemoEstate";

    /// <summary>The load generator's assembly name.</summary>
    public const string LoadGenerator = "ReliabilityMcp.LoadGenerator";

    /// <summary>The reference agent host's assembly name.</summary>
    public const string Agent = "ReliabilityMcp.Agent";

    /// <summary>The absolute path of <paramref name="assemblyName"/>'s dll; throws with directions when it is missing.</summary>
    public static string Locate(string assemblyName, string? configuredPath, string settingName)
    {
        var path = !string.IsNullOrWhiteSpace(configuredPath)
            ? Path.GetFullPath(configuredPath)
            : typeof(ProjectLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == MetadataPrefix + assemblyName)?.Value
              ?? throw new InvalidOperationException($"This AppHost build does not record where {assemblyName} is built; set {settingName}.");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"{assemblyName} is not built at {path}. Build it (dotnet build AppHost builds it too) or set {settingName}.");
    }
}
