using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>The configuration in force (hot-reloaded by the host) and the guard built from it.</summary>
public interface IReliabilityConfigurationSource
{
    /// <summary>The last good configuration.</summary>
    ReliabilityConfiguration Current { get; }

    /// <summary>A guard over <see cref="Current"/> (rebuilt on reload, so a decision never mixes versions).</summary>
    Guard Guard { get; }
}
