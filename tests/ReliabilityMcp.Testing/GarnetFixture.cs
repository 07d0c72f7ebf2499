using ReliabilityMcp.Redis.Embedded;
using Xunit;

namespace ReliabilityMcp.Testing;

/// <summary>
/// A real Garnet started with the production flags (AOF, commit wait, recover, vector sets, Lua) in a
/// fresh data directory. Share it with <c>IClassFixture&lt;GarnetFixture&gt;</c> or an assembly fixture;
/// tests isolate themselves with key prefixes.
/// </summary>
public class GarnetFixture : IAsyncLifetime
{
    private EmbeddedGarnet? _garnet;

    /// <summary>Whether scripts run atomically (<c>--lua-transaction-mode</c>); see <see cref="UnsafeGarnetFixture"/>.</summary>
    protected virtual bool LuaTransactionMode => true;

    /// <summary>The running store.</summary>
    public EmbeddedGarnet Garnet => _garnet ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The store's data directory.</summary>
    public string DataDirectory { get; } = RepositoryPaths.NewTempDirectory("garnet");

    /// <summary>Connection string for the store (<c>host:port,password=...</c>).</summary>
    public string ConnectionString => Garnet.ConnectionString;

    /// <summary>Connection string for the store speaking RESP <paramref name="protocol"/> (2 or 3).</summary>
    public string ConnectionStringFor(int protocol) => $"{ConnectionString},protocol={protocol}";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _garnet = await EmbeddedGarnet.StartAsync(new EmbeddedGarnetOptions
        {
            DataDirectory = DataDirectory,
            MemorySize = "256m",
            IndexSize = "16m",
            StartTimeout = TimeSpan.FromSeconds(120),
            LuaTransactionMode = LuaTransactionMode,
        });
    }

    /// <summary>Starts the same store again on the same port and data directory (after a crash test).</summary>
    public async Task RestartAsync()
    {
        var old = Garnet;
        await old.DisposeAsync();
        _garnet = await EmbeddedGarnet.StartAsync(new EmbeddedGarnetOptions
        {
            DataDirectory = DataDirectory,
            Port = old.Port,
            Password = old.Password,
            MemorySize = "256m",
            IndexSize = "16m",
            StartTimeout = TimeSpan.FromSeconds(120),
            LuaTransactionMode = LuaTransactionMode,
        });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_garnet is not null)
        {
            await _garnet.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is not a test failure.
        }
    }
}
