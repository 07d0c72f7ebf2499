using System.Reflection;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// Finds <c>ReliabilityMcp.Server.dll</c>. The build asks the server project where it put its output (the
/// same configuration as the AppHost's, Debug or Release, wherever its output path points) and records that
/// path in this assembly's metadata; <c>AppHost:ServerPath</c> overrides it.
/// </summary>
internal static class ServerLocator
{
    /// <summary>The <see cref="AssemblyMetadataAttribute"/> key written by the AppHost project file.</summary>
    public const string MetadataKey = "ReliabilityMcp.ServerPath";

    /// <summary>The absolute path of the server assembly; throws with directions when it is missing.</summary>
    public static string Locate(string? configuredPath)
    {
        var path = !string.IsNullOrWhiteSpace(configuredPath)
            ? Path.GetFullPath(configuredPath)
            : typeof(ServerLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == MetadataKey)?.Value
              ?? throw new InvalidOperationException($"This AppHost build does not record the server path ({MetadataKey}); set AppHost:ServerPath.");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"The MCP server is not built at {path}. Build it (dotnet build AppHost builds it too) or set AppHost:ServerPath.");
    }
}
