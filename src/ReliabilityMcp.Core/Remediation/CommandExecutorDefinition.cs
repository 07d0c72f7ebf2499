namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// An executable run once per target with an argv template. Placeholders (<c>{target}</c>, <c>{action}</c>,
/// <c>{execution_id}</c>, <c>{param.NAME}</c>) are replaced inside argv elements and passed as separate
/// arguments, never through a shell. The executable must also be on the host's allow-list
/// (<c>Remediation:AllowedExecutables</c>), so editing this file alone cannot run a new program.
/// </summary>
public sealed record CommandExecutorDefinition
{
    /// <summary>Absolute path of the executable (no placeholders).</summary>
    public string Executable { get; init; } = "";

    /// <summary>Argument template for the real run.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Argument template for a dry run (e.g. <c>--dry-run=server</c>), used for what-if; none when empty.</summary>
    public IReadOnlyList<string> DryRunArgs { get; init; } = [];

    /// <summary>Argument template that undoes the action; recorded with every execution and run when the after-check fails.</summary>
    public IReadOnlyList<string> InverseArgs { get; init; } = [];

    /// <summary>Kill the process after this long.</summary>
    /// <value>Default 60 seconds.</value>
    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>Standard output and error captured, each, at most.</summary>
    /// <value>Default 65536 bytes.</value>
    public int MaxOutputBytes { get; init; } = 65_536;

    /// <summary>The circuit breaker in front of this executable.</summary>
    public CircuitBreakerDefinition CircuitBreaker { get; init; } = new();
}
