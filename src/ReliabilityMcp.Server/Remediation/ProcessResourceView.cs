namespace ReliabilityMcp.Server.Remediation;

/// <summary>One resource as the AppHost control API reports it (<c>GET /resources/{name}</c>).</summary>
/// <param name="Name">The resource name, e.g. <c>checkout</c>.</param>
/// <param name="State"><c>starting</c>, <c>running</c>, <c>unhealthy</c>, <c>restarting</c>, <c>stopping</c>, <c>stopped</c> or <c>failed</c>.</param>
/// <param name="Pid">The process id, when one runs.</param>
/// <param name="Healthy">Whether its health check passes.</param>
/// <param name="Restarts">Restarts since the AppHost started.</param>
/// <param name="Controllable">Whether restart/stop/start are allowed (not for the store and the server).</param>
/// <param name="Scalable">Whether it may run more than one replica.</param>
/// <param name="Replicas">Replicas running.</param>
/// <param name="MaxReplicas">Most replicas allowed.</param>
/// <param name="Since">When it entered its current state.</param>
/// <param name="ReplicaOf">For an extra replica listed on its own, the resource it is a replica of.</param>
public sealed record ProcessResourceView(
    string Name,
    string State,
    int? Pid = null,
    bool Healthy = false,
    int Restarts = 0,
    bool Controllable = false,
    bool Scalable = false,
    int Replicas = 0,
    int MaxReplicas = 0,
    DateTimeOffset? Since = null,
    string? ReplicaOf = null);
