using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReliabilityMcp.AppHost;

/// <summary>One resource as the control API shows it (the server's <c>process</c> executor reads <c>pid</c>, <c>state</c>, <c>healthy</c>).</summary>
/// <param name="Name">Resource name.</param>
/// <param name="State">Aspire's state text, lowercase (<c>running</c>, <c>starting</c>, <c>finished</c>, ...).</param>
/// <param name="Pid">Process id of the current instance, when it runs.</param>
/// <param name="Healthy">Running and every health check passing (a resource without checks: running).</param>
/// <param name="Replicas">How many instances the resource has.</param>
/// <param name="Controllable">Whether restart, stop and start are accepted (not for the store and the server).</param>
/// <param name="Restarts">Restarts counted by Aspire since the AppHost started (unknown here: always 0).</param>
internal sealed record ResourceView(string Name, string? State, int? Pid, bool Healthy, int Replicas, bool Controllable, int Restarts = 0)
{
    /// <summary>Never: Aspire cannot change a resource's replica count at run time.</summary>
    public bool Scalable => false;

    /// <summary>The replica count it runs with.</summary>
    public int MaxReplicas => Replicas;

    /// <summary>The snapshot property that carries the process id of an executable or project instance.</summary>
    public const string PidProperty = "executable.pid";

    /// <summary>The view of <paramref name="name"/> from its instances' latest events.</summary>
    public static ResourceView From(string name, IReadOnlyList<ResourceEvent> instances, bool hasHealthChecks, bool controllable)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var first = instances.Count > 0 ? instances[0].Snapshot : null;
        var state = first?.State?.Text;
        var running = string.Equals(state, KnownResourceStates.Running, StringComparison.Ordinal);
        return new ResourceView(
            name,
            state?.ToLowerInvariant(),
            first is null ? null : PidOf(first),
            running && (!hasHealthChecks || first!.HealthStatus == HealthStatus.Healthy),
            instances.Count,
            controllable);
    }

    /// <summary>The pid in <paramref name="snapshot"/>, if any.</summary>
    public static int? PidOf(CustomResourceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var value = snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value;
        return value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) => pid,
            _ => null,
        };
    }
}
