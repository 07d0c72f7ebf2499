using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>
/// One real Garnet for the whole test assembly (started on first use, stopped when the test process exits).
/// Servers under test get it through <c>ConnectionStrings:store</c>; tests isolate themselves with key prefixes.
/// </summary>
internal static class TestStore
{
    private static readonly Lazy<EmbeddedGarnet> Garnet = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The store's connection string.</summary>
    public static string ConnectionString => Garnet.Value.ConnectionString;

    /// <summary>Environment for a server process under test.</summary>
    public static Dictionary<string, string> Environment() => new() { ["ConnectionStrings__store"] = ConnectionString };

    private static EmbeddedGarnet Start()
    {
        var garnet = EmbeddedGarnet.StartAsync(new EmbeddedGarnetOptions
        {
            DataDirectory = RepositoryPaths.NewTempDirectory("server-tests-store"),
            MemorySize = "256m",
            IndexSize = "16m",
            StartTimeout = TimeSpan.FromSeconds(120),
        }).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => garnet.KillHard();
        return garnet;
    }
}
