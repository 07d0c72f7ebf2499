namespace ReliabilityMcp.Core.Remediation;

/// <summary>Circuit breaker per executor target (Polly): after this many failures in a row it opens for a while.</summary>
public sealed record CircuitBreakerDefinition
{
    /// <summary>Consecutive failed executions that open the circuit.</summary>
    /// <value>Default 3.</value>
    public int FailureThreshold { get; init; } = 3;

    /// <summary>How long the circuit stays open before one trial execution is let through.</summary>
    /// <value>Default 60 seconds.</value>
    public int BreakSeconds { get; init; } = 60;
}
