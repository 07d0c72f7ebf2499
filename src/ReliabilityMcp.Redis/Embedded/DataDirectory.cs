using Microsoft.Extensions.Configuration;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>The per-user data directory of the configuration contract (<c>ReliabilityMcp:DataDirectory</c>).</summary>
public static class DataDirectory
{
    /// <summary>The configuration key, shared with the server.</summary>
    public const string Key = "ReliabilityMcp:DataDirectory";

    /// <summary>
    /// The configured directory, or <c>$XDG_DATA_HOME/reliabilitymcp</c> (<c>~/.local/share/reliabilitymcp</c>;
    /// the platform's local application data folder elsewhere).
    /// </summary>
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration[Key];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(root)
            ? throw new InvalidOperationException($"No per-user data folder (is HOME set?). Set {Key} (env ReliabilityMcp__DataDirectory).")
            : Path.Combine(root, "reliabilitymcp");
    }
}
