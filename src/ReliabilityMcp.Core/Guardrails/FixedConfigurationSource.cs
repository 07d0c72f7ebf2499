using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>A configuration that never changes (embedding, benchmarks, tests); the host uses a hot-reloading source.</summary>
public sealed class FixedConfigurationSource(ReliabilityConfiguration configuration) : IReliabilityConfigurationSource
{
    /// <inheritdoc />
    public ReliabilityConfiguration Current { get; } = configuration;

    /// <inheritdoc />
    public Guard Guard { get; } = new(configuration);
}
