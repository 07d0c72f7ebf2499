namespace ReliabilityMcp.AppHost;

/// <summary>Settings of the <c>AppHost</c> configuration section (appsettings.json, <c>AppHost__*</c> env, <c>--AppHost:*</c>).</summary>
internal sealed class AppHostOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "AppHost";

    /// <summary>Loopback port of the local store; 0 picks a free one at each AppHost start.</summary>
    /// <value>Default 6390: stable, so the printed Claude Desktop configuration keeps working across runs
    /// (and not 6379, where a developer's own Redis may already listen).</value>
    public int StorePort { get; set; } = 6390;

    /// <summary>Loopback port of the MCP server's HTTP endpoint; 0 picks a free one.</summary>
    /// <value>Default 5180 (the server's own default).</value>
    public int ServerPort { get; set; } = 5180;

    /// <summary>Loopback port of the AppHost's control API (restart/stop/start/scale for the <c>process</c> executor); 0 picks a free one.</summary>
    /// <value>Default 5190 (the shipped reliability.yaml's process executors call it there).</value>
    public int ControlPort { get; set; } = 5190;

    /// <summary>Garnet main log memory for the local store.</summary>
    /// <value>Default <c>512m</c>.</value>
    public string StoreMemorySize { get; set; } = "512m";

    /// <summary>Garnet hash index size for the local store.</summary>
    /// <value>Default <c>64m</c>.</value>
    public string StoreIndexSize { get; set; } = "64m";

    /// <summary>Whether the demo estate (checkout, payments, inventory) and its load generator run; <c>--no-demo</c> sets it false.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>Loopback port of the demo <c>checkout</c> service (the shipped reliability.yaml names it for chaos and health checks).</summary>
    public int CheckoutPort { get; set; } = 5201;

    /// <summary>Loopback port of the demo <c>payments</c> service.</summary>
    public int PaymentsPort { get; set; } = 5202;

    /// <summary>Loopback port of the demo <c>inventory</c> service.</summary>
    public int InventoryPort { get; set; } = 5203;

    /// <summary>Orders per second the load generator sends to checkout.</summary>
    public double LoadRequestsPerSecond { get; set; } = 20;

    /// <summary>Path of <c>ReliabilityMcp.Server.dll</c>; <see langword="null"/> uses the one built with the AppHost.</summary>
    public string? ServerPath { get; set; }
}
