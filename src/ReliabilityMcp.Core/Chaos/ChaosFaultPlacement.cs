using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>
/// Where a run's faults land, read from the service graph. The guard judges a run over <see cref="ServicesTouched"/>
/// and the runner injects where <see cref="ServicesOf"/> says: one computation, so what is judged is where the faults
/// go (a dependency outage on billing is a fault in payments, and is judged as one).
/// </summary>
public static class ChaosFaultPlacement
{
    /// <summary>
    /// The services <paramref name="fault"/> is injected into on a run against <paramref name="target"/>: the target
    /// itself, or every service it depends on (none when the target is not in the graph or depends on nothing).
    /// </summary>
    public static IReadOnlyList<string> ServicesOf(ChaosFault fault, string target, ServiceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentNullException.ThrowIfNull(graph);
        return fault.On == ChaosFaultScope.Dependencies ? graph.Find(target)?.DependsOn ?? [] : [target];
    }

    /// <summary>
    /// Every service a run of <paramref name="template"/> against <paramref name="target"/> touches: the named target
    /// first (its probes run there and it is what the run is about), then each service a fault is injected into, once
    /// each, in the template's order.
    /// </summary>
    public static IReadOnlyList<string> ServicesTouched(ChaosTemplate template, string target, ServiceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(graph);
        var seen = new HashSet<string>(StringComparer.Ordinal) { target };
        var touched = new List<string> { target };
        touched.AddRange(template.Faults.SelectMany(f => ServicesOf(f, target, graph)).Where(seen.Add));
        return touched;
    }
}
