using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Core.Tests;

/// <summary>A small estate: web -> checkout -> payments, checkout -> inventory; search stands alone.</summary>
internal static class TestConfigurations
{
    public static ReliabilityConfiguration Estate(GuardSettings? guard = null, Dictionary<string, ActionDefinition>? actions = null) => new()
    {
        Services = new Dictionary<string, ServiceNode>
        {
            ["web"] = new() { DependsOn = ["checkout", "search"] },
            ["checkout"] = new() { DependsOn = ["payments", "inventory"], Criticality = RiskClass.Critical },
            ["payments"] = new() { DataSensitivity = DataSensitivity.Restricted, Compliance = ["pci"] },
            ["inventory"] = new(),
            ["search"] = new() { DataSensitivity = DataSensitivity.Public },
            ["reports"] = new() { DataSensitivity = DataSensitivity.Confidential },
        },
        Actions = actions ?? new Dictionary<string, ActionDefinition>
        {
            ["restart"] = new() { BaseRisk = RiskClass.Low, CooldownSeconds = 300, MaxExecutionsPerHour = 5 },
            ["scale_out"] = new() { BaseRisk = RiskClass.Low },
            ["rollback"] = new() { BaseRisk = RiskClass.Medium },
            ["failover"] = new() { BaseRisk = RiskClass.High, Reversible = false },
            ["custom"] = new() { Blacklisted = true },
        },
        Guard = guard ?? new GuardSettings { DefaultMode = OperatingMode.Autonomous },
    };

    public static GuardRequest Request(
        ActionType action = ActionType.Restart, string[]? targets = null, double confidence = 0.9, string principal = "agent-1", HealingPolicy? policy = null) => new()
    {
        Principal = principal,
        Action = action,
        Targets = targets ?? ["search"],
        Confidence = confidence,
        Justification = "p99 latency is 900 ms for 10 minutes",
        Policy = policy,
    };

    public static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero); // a Wednesday
}
