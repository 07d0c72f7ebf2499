using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// An HTTP webhook executor. The HMAC secret is never in the file: the host reads it from configuration
/// <c>Executors:&lt;name&gt;:Secret</c> (environment <c>Executors__&lt;name&gt;__Secret</c>), so the reliability file can be
/// shared and reviewed without leaking it.
/// </summary>
public sealed record WebhookExecutorDefinition
{
    /// <summary>Absolute http(s) URL the JSON body is POSTed to.</summary>
    public string Url { get; init; } = "";

    /// <summary>Per-attempt timeout.</summary>
    /// <value>Default 10 seconds.</value>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>Retries after a failed attempt, only for <see cref="IdempotentActions"/>.</summary>
    /// <value>Default 2.</value>
    public int Retries { get; init; } = 2;

    /// <summary>Actions safe to deliver twice; everything else is attempted exactly once.</summary>
    /// <value>Default none: no retries.</value>
    public IReadOnlyList<ActionType> IdempotentActions { get; init; } = [];

    /// <summary>The circuit breaker in front of this URL.</summary>
    public CircuitBreakerDefinition CircuitBreaker { get; init; } = new();
}
