using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>A service in the configured service graph.</summary>
public sealed record ServiceNode
{
    /// <summary>Services this one calls. Its dependants are the services that list it here.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Business criticality, reported with the blast radius so an approver sees what is at stake.</summary>
    public RiskClass Criticality { get; init; } = RiskClass.Medium;

    /// <summary>Most sensitive data the service holds.</summary>
    public DataSensitivity DataSensitivity { get; init; } = DataSensitivity.Internal;

    /// <summary>Compliance regimes in scope (pci, hipaa, sox, gdpr…): any tag raises risk one class.</summary>
    public IReadOnlyList<string> Compliance { get; init; } = [];

    /// <summary>Number of replicas, when known.</summary>
    public int? Replicas { get; init; }

    /// <summary>HTTP probe run before and after an executed action; none when null.</summary>
    public HealthCheckDefinition? HealthCheck { get; init; }
}
