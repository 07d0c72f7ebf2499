using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Guardrails;

public sealed class RiskAssessorTests
{
    [Theory]
    [InlineData(RiskClass.Low, true, new[] { "search" }, RiskClass.Low)]
    [InlineData(RiskClass.Low, false, new[] { "search" }, RiskClass.Medium)] // irreversible
    [InlineData(RiskClass.Low, true, new[] { "reports" }, RiskClass.Medium)] // confidential data
    [InlineData(RiskClass.Low, true, new[] { "checkout" }, RiskClass.Low)] // radius checkout+web = 2: what checkout calls is not affected
    [InlineData(RiskClass.Low, true, new[] { "payments" }, RiskClass.Critical)] // radius 3 (+1), restricted (+1), pci (+1)
    [InlineData(RiskClass.High, false, new[] { "payments" }, RiskClass.Critical)] // capped
    public void Assess_Factors_RaiseOneClassEach(RiskClass baseRisk, bool reversible, string[] targets, RiskClass expected)
    {
        var config = Estate();
        var graph = new ServiceGraph(config);
        var settings = new BlastRadiusSettings { RaiseRiskAt = 3 };
        var radius = graph.BlastRadius(targets);
        var action = new ActionDefinition { BaseRisk = baseRisk, Reversible = reversible };

        var result = RiskAssessor.Assess(ActionType.Restart, action, radius, graph, settings);

        Assert.Equal(expected, result.Risk);
    }
}
