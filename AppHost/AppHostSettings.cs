namespace ReliabilityMcp.AppHost;

/// <summary>Settings of the <c>AppHost</c> configuration section (appsettings.json, <c>AppHost__*</c> env, <c>--AppHost:*</c>).</summary>
/// <remarks>Aspire keeps a few keys of its own in the same section (<c>AppHost:BrowserToken</c>, ...); ours do not collide.</remarks>
internal sealed class AppHostSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "AppHost";

    /// <summary>Loopback port of the store; 0 picks a free one at each start.</summary>
    /// <value>Default 6390: stable, so the printed Claude Desktop block keeps working across runs.</value>
    public int StorePort { get; set; } = 6390;

    /// <summary>Loopback port of the MCP server (Aspire's proxy in front of the replicas).</summary>
    public int ServerPort { get; set; } = 5180;

    /// <summary>How many server processes run behind the proxy, all on the one store.</summary>
    public int ServerReplicas { get; set; } = 1;

    /// <summary>Loopback port of the control API the server's <c>process</c> executor calls; 0 picks a free one.</summary>
    public int ControlPort { get; set; } = 5190;

    /// <summary>Garnet main log memory.</summary>
    public string StoreMemorySize { get; set; } = "512m";

    /// <summary>Garnet hash index size.</summary>
    public string StoreIndexSize { get; set; } = "64m";

    /// <summary>Whether the demo estate, the load generator and the agent run; <c>--no-demo</c> sets it false.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>Loopback port of <c>checkout</c> (the shipped reliability.yaml names it).</summary>
    public int CheckoutPort { get; set; } = 5201;

    /// <summary>Loopback port of <c>payments</c>.</summary>
    public int PaymentsPort { get; set; } = 5202;

    /// <summary>Loopback port of <c>inventory</c>.</summary>
    public int InventoryPort { get; set; } = 5203;

    /// <summary>Orders per second the load generator sends to checkout.</summary>
    public double LoadRequestsPerSecond { get; set; } = 20;
}
