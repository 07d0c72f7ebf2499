namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>The server assembly built by the project reference, copied beside the tests with its runtime config.</summary>
internal static class ServerBinary
{
    /// <summary>Full path of <c>ReliabilityMcp.Server.dll</c>.</summary>
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ReliabilityMcp.Server.dll");
        var runtimeConfig = Path.ChangeExtension(path, ".runtimeconfig.json");
        if (!File.Exists(path) || !File.Exists(runtimeConfig))
        {
            throw new FileNotFoundException($"The server build output is missing beside the tests ({path} and its runtimeconfig.json).");
        }

        return path;
    }
}
