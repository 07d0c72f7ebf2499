using System.Text.Json.Serialization;
using ReliabilityMcp.AppHost.Hosting;

namespace ReliabilityMcp.AppHost.Control;

/// <summary>One resource as the control API shows it.</summary>
internal sealed record ResourceView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("restarts")] int Restarts,
    [property: JsonPropertyName("controllable")] bool Controllable,
    [property: JsonPropertyName("scalable")] bool Scalable,
    [property: JsonPropertyName("replicas")] int Replicas,
    [property: JsonPropertyName("maxReplicas")] int MaxReplicas,
    [property: JsonPropertyName("replicaOf")] string? ReplicaOf,
    [property: JsonPropertyName("since")] DateTimeOffset Since)
{
    /// <summary>The view of <paramref name="supervisor"/>; <paramref name="replicaOf"/> names the resource a replica belongs to.</summary>
    public static ResourceView Of(ResourceSupervisor supervisor, int replicas, string? replicaOf)
    {
        var resource = supervisor.Resource;
        var state = supervisor.State;
        return new ResourceView(
            resource.Name,
            Wire(state),
            resource.ProcessId,
            state == ResourceState.Running,
            supervisor.Restarts,
            resource.Controllable && replicaOf is null,
            resource.ReplicaFactory is not null && resource.MaxReplicas > 1,
            replicas,
            resource.MaxReplicas,
            replicaOf,
            supervisor.Since);
    }

    /// <summary>snake_case wire name of a state.</summary>
    public static string Wire(ResourceState state) => state switch
    {
        ResourceState.BackingOff => "backing_off",
        _ => state.ToString().ToLowerInvariant(),
    };
}
