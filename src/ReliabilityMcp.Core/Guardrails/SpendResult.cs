namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Result of an atomic check-and-spend: spent, or refused with the counter that refused it.</summary>
/// <param name="Spent">True when every counter had room and all were spent together.</param>
/// <param name="Refusal">Which limit refused (<c>cooldown</c>, <c>hourly_cap</c>, <c>rate_limit</c>) and where.</param>
public sealed record SpendResult(bool Spent, string? Refusal)
{
    /// <summary>Spent.</summary>
    public static SpendResult Ok { get; } = new(true, null);
}
