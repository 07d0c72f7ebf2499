using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>A state-changing request as the guard sees it. Targets are names; their blast radius is the server's to compute.</summary>
public sealed record GuardRequest
{
    /// <summary>The authenticated principal (never taken from tool arguments).</summary>
    public required string Principal { get; init; }

    /// <summary>The typed action.</summary>
    public required ActionType Action { get; init; }

    /// <summary>Target services.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>The agent's confidence, 0–1.</summary>
    public required double Confidence { get; init; }

    /// <summary>Why the agent asks (free text: data, never interpreted).</summary>
    public string Justification { get; init; } = "";

    /// <summary>The policy that motivated the request, if any: cooldown and hourly cap are then the policy's.</summary>
    public HealingPolicy? Policy { get; init; }
}
