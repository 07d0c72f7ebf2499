using System.Globalization;
using System.Text.Json;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// The one place that says how we run Garnet (shared/DESIGN.md §2): durability, features, and the password in a
/// 0600 config file rather than on the command line, which every local user can read from /proc.
/// </summary>
internal static class GarnetArguments
{
    /// <summary>
    /// Writes <paramref name="configPath"/> (owner-only) and returns Garnet's argv, starting with the dll.
    /// <paramref name="luaTransactionMode"/> is always true in production; false only reproduces an unsafe store in tests (issue 18, item 5).
    /// </summary>
    public static string[] Build(
        string garnetDll, string bindAddress, int port, string password, string configPath, string dataDirectory, string memorySize, string indexSize,
        bool luaTransactionMode = true)
    {
        OwnerOnlyFile.WriteAllText(configPath, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["AuthenticationMode"] = "Password",
            ["Password"] = password,
        }));

        string[] arguments =
        [
            garnetDll,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", bindAddress,
            "--config-import-path", configPath,
            "--enable-vector-set-preview",
            "--lua",
            // Without this Garnet runs scripts without locking their keys, so two sessions' scripts interleave and
            // compare-and-set scripts (audit chain, counters, approvals) stop being atomic. Found by the
            // two-replica audit test forking the chain.
            "--lua-transaction-mode",
            "--aof", "--aof-commit-wait",
            "--recover",
            "--checkpointdir", dataDirectory,
            // Without RandomAccess Garnet's default device needs libaio, which a fresh machine lacks.
            "--device-type", "RandomAccess",
            "--memory", memorySize,
            "--index", indexSize,
            "--logger-level", "Warning",
        ];
        return luaTransactionMode ? arguments : [.. arguments.Where(a => a != "--lua-transaction-mode")];
    }
}
