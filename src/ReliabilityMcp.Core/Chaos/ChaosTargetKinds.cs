namespace ReliabilityMcp.Core.Chaos;

/// <summary>Template target selectors.</summary>
public static class ChaosTargetKinds
{
    /// <summary>A service of the graph, reached through its chaos control endpoint.</summary>
    public const string Service = "service";

    /// <summary>The server's own store connection (a control-plane game day).</summary>
    public const string ControlPlaneStore = "control-plane:store";

    /// <summary>The name run_chaos accepts as target for <see cref="ControlPlaneStore"/> templates.</summary>
    public const string ControlPlaneTargetName = "control-plane";
}
