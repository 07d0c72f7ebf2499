namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>Where a supervised resource is in its life (the control API's <c>state</c>).</summary>
internal enum ResourceState
{
    /// <summary>Waiting for its dependencies to be healthy.</summary>
    Waiting,

    /// <summary>Launched, not yet healthy.</summary>
    Starting,

    /// <summary>Healthy.</summary>
    Running,

    /// <summary>Running, but its health check fails.</summary>
    Unhealthy,

    /// <summary>Being stopped for a restart someone asked for.</summary>
    Restarting,

    /// <summary>Exited or failed to start; waiting out the backoff before the next start.</summary>
    BackingOff,

    /// <summary>Being stopped on request.</summary>
    Stopping,

    /// <summary>Stopped on request; stays stopped until started.</summary>
    Stopped,

    /// <summary>Could not be started; the application is stopping.</summary>
    Failed,
}
