namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>What an operator (through the control API) asks a <see cref="ResourceSupervisor"/> to do.</summary>
internal enum ControlOperation
{
    /// <summary>Stop the running instance and start a new one.</summary>
    Restart,

    /// <summary>Stop the instance and keep it stopped.</summary>
    Stop,

    /// <summary>Start a stopped resource (no-op when it runs).</summary>
    Start,
}
