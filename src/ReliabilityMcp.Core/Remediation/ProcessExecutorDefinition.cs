using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// A process managed by the AppHost, driven through its control API: <c>POST {url}/resources/{target}/{operation}</c>
/// once per target. The bearer token is never in the file: the host reads it from configuration
/// <c>Executors:&lt;name&gt;:Token</c>, else <c>ProcessControl:Token</c> (the AppHost sets <c>ProcessControl__Token</c>).
/// </summary>
public sealed record ProcessExecutorDefinition
{
    /// <summary>Absolute http(s) base URL of the AppHost control API, e.g. <c>http://127.0.0.1:5190</c>.</summary>
    public string Url { get; init; } = "";

    /// <summary>What to do with each target; required.</summary>
    public required ProcessOperation Operation { get; init; }

    /// <summary>
    /// For <see cref="ProcessOperation.Scale"/> only (and required there): the replica count, a whole number or a
    /// <c>{param.NAME}</c> template filled from the caller's parameters, e.g. <c>"{param.replicas}"</c>.
    /// </summary>
    [JsonConverter(typeof(ScalarTextConverter))]
    public string? Replicas { get; init; }

    /// <summary>Per-call timeout; a restart is answered only once the new process is healthy, so allow for its start.</summary>
    /// <value>Default 120 seconds.</value>
    public int TimeoutSeconds { get; init; } = 120;

    /// <summary>The circuit breaker in front of each (executor, target).</summary>
    public CircuitBreakerDefinition CircuitBreaker { get; init; } = new();
}
