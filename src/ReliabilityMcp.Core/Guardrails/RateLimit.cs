namespace ReliabilityMcp.Core.Guardrails;

/// <summary>At most <see cref="Limit"/> executions per rolling <see cref="WindowSeconds"/>.</summary>
public sealed record RateLimit
{
    /// <summary>Executions allowed in the window.</summary>
    public int Limit { get; init; } = 30;

    /// <summary>Window length, seconds.</summary>
    public int WindowSeconds { get; init; } = 3600;
}
