using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Configuration;

/// <summary>
/// The reliability configuration file: healing policies, the service graph, the action catalogue and the
/// guard settings. Loaded, validated and hot-reloaded as one unit so a decision never mixes two versions.
/// </summary>
public sealed record ReliabilityConfiguration
{
    /// <summary>Healing policies.</summary>
    public IReadOnlyList<HealingPolicy> Policies { get; init; } = [];

    /// <summary>Service graph keyed by service name.</summary>
    public IReadOnlyDictionary<string, ServiceNode> Services { get; init; } = new Dictionary<string, ServiceNode>();

    /// <summary>Action catalogue keyed by action wire name (<c>restart</c>, <c>scale_out</c>…). Missing entries use defaults.</summary>
    public IReadOnlyDictionary<string, ActionDefinition> Actions { get; init; } = new Dictionary<string, ActionDefinition>();

    /// <summary>Guard settings.</summary>
    public GuardSettings Guard { get; init; } = new();

    /// <summary>Executors keyed by name (webhook, command or process), referenced by <see cref="ActionDefinition.Executor"/>.</summary>
    public IReadOnlyDictionary<string, ExecutorDefinition> Executors { get; init; } = new Dictionary<string, ExecutorDefinition>();
    /// <summary>Chaos experiments: template library, targets' chaos endpoints, run limits.</summary>
    public ChaosSettings Chaos { get; init; } = new();
    /// <summary>SLOs, their scrape targets and the SLO gate's settings.</summary>
    public SloSettings Slos { get; init; } = new();

    /// <summary>The catalogue entry for <paramref name="type"/> (defaults when not configured).</summary>
    public ActionDefinition ActionFor(ActionType type) => Actions.GetValueOrDefault(type.ToWireName()) ?? DefaultAction;

    private static readonly ActionDefinition DefaultAction = new();
}
