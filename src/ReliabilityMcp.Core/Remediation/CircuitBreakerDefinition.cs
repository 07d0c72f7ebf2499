namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// Circuit breaker per executor target (Polly): it opens when at least <see cref="FailureThreshold"/> executions ran in
/// the last ten minutes and all of them failed, and stays open for <see cref="BreakSeconds"/>.
/// </summary>
public sealed record CircuitBreakerDefinition
{
    /// <summary>Failed executions (with no success among them) that open the circuit; at least 2.</summary>
    /// <value>Default 3.</value>
    public int FailureThreshold { get; init; } = 3;

    /// <summary>How long the circuit stays open before one trial execution is let through.</summary>
    /// <value>Default 60 seconds.</value>
    public int BreakSeconds { get; init; } = 60;
}
