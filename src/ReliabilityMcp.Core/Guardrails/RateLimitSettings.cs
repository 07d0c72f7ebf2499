using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Rate limits on executions, per principal and per action type.</summary>
public sealed record RateLimitSettings
{
    /// <summary>Limit applied to each principal.</summary>
    public RateLimit PerPrincipal { get; init; } = new() { Limit = 30, WindowSeconds = 3600 };

    /// <summary>Limits per action type (wire name), across all principals.</summary>
    public IReadOnlyDictionary<string, RateLimit> PerAction { get; init; } = new Dictionary<string, RateLimit>();

    /// <summary>The limit for <paramref name="action"/>, if one is configured.</summary>
    public RateLimit? ForAction(ActionType action) => PerAction.GetValueOrDefault(action.ToWireName());
}
