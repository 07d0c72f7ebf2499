using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// Risk class of an action on a blast radius: the catalogue's base risk, raised one class for each of
/// (1) irreversibility, (2) a blast radius of at least <see cref="BlastRadiusSettings.RaiseRiskAt"/> services,
/// (3) confidential or restricted data anywhere in the blast radius, (4) compliance scope anywhere in it;
/// capped at CRITICAL.
/// </summary>
public static class RiskAssessor
{
    /// <summary>Assesses <paramref name="action"/> on <paramref name="blastRadius"/>.</summary>
    public static RiskAssessment Assess(
        ActionType type, ActionDefinition action, IReadOnlyList<string> blastRadius, ServiceGraph graph, BlastRadiusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(blastRadius);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(settings);
        var risk = (int)action.BaseRisk;
        var reasons = new List<string> { $"{type.ToWireName()} has base risk {action.BaseRisk.ToString().ToUpperInvariant()}" };
        if (!action.Reversible)
        {
            risk++;
            reasons.Add("irreversible action (+1)");
        }

        if (blastRadius.Count >= settings.RaiseRiskAt)
        {
            risk++;
            reasons.Add($"blast radius of {blastRadius.Count} services >= {settings.RaiseRiskAt} (+1)");
        }

        var sensitive = blastRadius
            .Select(s => (Service: s, Node: graph.Find(s)))
            .Where(x => x.Node is { DataSensitivity: >= DataSensitivity.Confidential })
            .Select(x => $"{x.Service} ({x.Node!.DataSensitivity.ToString().ToLowerInvariant()})")
            .ToList();
        if (sensitive.Count > 0)
        {
            risk++;
            reasons.Add($"sensitive data in {string.Join(", ", sensitive)} (+1)");
        }

        var compliance = blastRadius
            .Select(s => (Service: s, Node: graph.Find(s)))
            .Where(x => x.Node is { Compliance.Count: > 0 })
            .Select(x => $"{x.Service} ({string.Join("/", x.Node!.Compliance)})")
            .ToList();
        if (compliance.Count > 0)
        {
            risk++;
            reasons.Add($"compliance scope in {string.Join(", ", compliance)} (+1)");
        }

        return new RiskAssessment((RiskClass)Math.Min(risk, (int)RiskClass.Critical), reasons);
    }
}
