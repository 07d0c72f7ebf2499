namespace ReliabilityMcp.Redis.Embedded;

/// <summary>How to start a local Garnet store (shared/DESIGN.md §2).</summary>
public sealed class EmbeddedGarnetOptions
{
    /// <summary>Directory for checkpoints and the append-only file. Created when missing.</summary>
    /// <value>Required.</value>
    public required string DataDirectory { get; set; }

    /// <summary>TCP port; 0 picks a free loopback port.</summary>
    /// <value>Default 0.</value>
    public int Port { get; set; }

    /// <summary>Address Garnet binds to. The store is never exposed beyond loopback by default.</summary>
    /// <value>Default <c>127.0.0.1</c>.</value>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Password for Garnet's password auth mode; <see langword="null"/> generates a random one.</summary>
    /// <value>Default <see langword="null"/> (random, per start).</value>
    public string? Password { get; set; }

    /// <summary>Main log memory (Garnet <c>--memory</c>). Garnet's own default is 16g, too much for tests.</summary>
    /// <value>Default <c>512m</c>.</value>
    public string MemorySize { get; set; } = "512m";

    /// <summary>Initial hash index size (Garnet <c>--index</c>).</summary>
    /// <value>Default <c>64m</c>.</value>
    public string IndexSize { get; set; } = "64m";

    /// <summary>How long to wait for the store to answer PING after starting.</summary>
    /// <value>Default 60 seconds (the first start may run <c>dotnet tool restore</c>).</value>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Path of <c>.config/dotnet-tools.json</c>; <see langword="null"/> searches upwards from the
    /// application and working directories.</summary>
    public string? ToolManifestPath { get; set; }

    /// <summary>
    /// Whether Garnet runs Lua scripts as transactions (<c>--lua-transaction-mode</c>), which makes them atomic across
    /// sessions. Only tests of the start-up safety check turn it off (issue 18, item 5).
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool LuaTransactionMode { get; set; } = true;

    /// <summary>Additional Garnet command-line arguments, passed as separate argv entries.</summary>
    public IList<string> ExtraArguments { get; } = [];
}
