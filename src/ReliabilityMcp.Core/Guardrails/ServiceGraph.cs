using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// The configured service graph with a reverse (dependants) index. The blast radius of a request is computed
/// here, from configuration — never taken from the caller.
/// </summary>
public sealed class ServiceGraph
{
    private readonly IReadOnlyDictionary<string, ServiceNode> _services;
    private readonly Dictionary<string, List<string>> _dependants = new(StringComparer.Ordinal);

    /// <summary>Builds the graph from a validated configuration.</summary>
    public ServiceGraph(ReliabilityConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _services = config.Services;
        foreach (var (name, node) in _services)
        {
            foreach (var dep in node.DependsOn)
            {
                if (!_dependants.TryGetValue(dep, out var list))
                {
                    _dependants[dep] = list = [];
                }

                list.Add(name);
            }
        }

        foreach (var list in _dependants.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }
    }

    /// <summary>Whether <paramref name="service"/> is in the graph.</summary>
    public bool Contains(string service) => _services.ContainsKey(service);

    /// <summary>The node for <paramref name="service"/>, or null.</summary>
    public ServiceNode? Find(string service) => _services.GetValueOrDefault(service);

    /// <summary>
    /// The targets plus every service that depends on them, directly or transitively, in breadth-first order
    /// (targets first). Cycles are harmless. Unknown targets are included as given.
    /// </summary>
    public IReadOnlyList<string> BlastRadius(IEnumerable<string> targets)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        var queue = new Queue<string>();
        foreach (var t in targets)
        {
            if (seen.Add(t))
            {
                order.Add(t);
                queue.Enqueue(t);
            }
        }

        while (queue.TryDequeue(out var current))
        {
            if (!_dependants.TryGetValue(current, out var dependants))
            {
                continue;
            }

            foreach (var d in dependants)
            {
                if (seen.Add(d))
                {
                    order.Add(d);
                    queue.Enqueue(d);
                }
            }
        }

        return order;
    }
}
