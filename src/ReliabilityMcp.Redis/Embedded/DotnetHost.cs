namespace ReliabilityMcp.Redis.Embedded;

/// <summary>Finds the <c>dotnet</c> host to launch .NET processes (Garnet, our server) with.</summary>
public static class DotnetHost
{
    private static readonly Lazy<string> LazyPath = new(Find);

    /// <summary>
    /// The host of the runtime we run on: our process when launched as <c>dotnet x.dll</c>, else the
    /// <c>dotnet</c> three folders above the shared framework; <c>dotnet</c> (from PATH) as a last resort.
    /// An absolute path matters for GUI apps such as Claude Desktop, which often lack <c>dotnet</c> on PATH.
    /// </summary>
    public static string Path => LazyPath.Value;

    private static string Find()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var self = Environment.ProcessPath;
        if (self is not null && System.IO.Path.GetFileName(self).Equals(executable, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var framework = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (!string.IsNullOrEmpty(framework))
        {
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(framework, "..", "..", "..", executable));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }
}
