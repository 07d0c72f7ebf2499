using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Chaos;

/// <summary>Where a chaos run's faults land, and the guard's judgement over those services (issue 17, item 2).</summary>
public sealed class ChaosFaultPlacementTests
{
    private static readonly GuardCounters NoCounters = new();

    private static IEnumerable<KeyValuePair<string, ChaosTemplate>> ServiceTemplates =>
        ChaosTemplateLibrary.Defaults.Where(t => t.Value.Target == ChaosTargetKinds.Service);

    [Theory]
    [InlineData("latency-spike", "checkout", new[] { "checkout" })]
    [InlineData("dependency-outage", "checkout", new[] { "checkout", "payments", "inventory" })]
    [InlineData("cascading-failure", "checkout", new[] { "checkout", "payments", "inventory" })]
    [InlineData("dependency-outage", "web", new[] { "web", "checkout", "search" })] // dependencies, not dependants
    [InlineData("dependency-outage", "search", new[] { "search" })]                 // nothing to fault: the target alone
    public void ServicesTouched_ShippedTemplates_AreTheTargetThenEveryServiceAFaultLandsOn(string template, string target, string[] expected)
    {
        var graph = new ServiceGraph(Estate());

        var touched = ChaosFaultPlacement.ServicesTouched(ChaosTemplateLibrary.Defaults[template], target, graph);

        Assert.Equal(expected, touched);
    }

    [Fact]
    public void Decide_DependencyOutage_IsJudgedAsTheDependencyItFaults()
    {
        var sut = new Guard(Estate());
        var touched = ChaosFaultPlacement.ServicesTouched(ChaosTemplateLibrary.Defaults["dependency-outage"], "checkout", sut.Graph);

        var named = sut.Decide(Chaos(["checkout"]), NoCounters, Now);
        var judged = sut.Decide(Chaos(touched), NoCounters, Now);
        var paymentsAlone = sut.Decide(Chaos(["payments"]), NoCounters, Now);

        Assert.Equal(RiskClass.Medium, named.Risk.Risk); // what the name alone would say
        Assert.Equal(RiskClass.Critical, paymentsAlone.Risk.Risk);
        Assert.Equal(RiskClass.Critical, judged.Risk.Risk);
        Assert.Equal(GuardOutcome.NeedsApproval, judged.Outcome);
        Assert.Equal(2, judged.ApprovalsRequired);
        Assert.Equal(["checkout", "payments", "inventory", "web"], judged.BlastRadius);
    }

    [Fact]
    public void Decide_EveryShippedTemplateOnEveryService_RiskAndBlastRadiusCoverEachServiceTouched()
    {
        var config = Estate();
        var sut = new Guard(config);
        foreach (var (name, template) in ServiceTemplates)
        {
            foreach (var target in config.Services.Keys)
            {
                var touched = ChaosFaultPlacement.ServicesTouched(template, target, sut.Graph);
                var judged = sut.Decide(Chaos(touched), NoCounters, Now);
                foreach (var service in touched)
                {
                    var alone = sut.Decide(Chaos([service]), NoCounters, Now);
                    Assert.True(judged.Risk.Risk >= alone.Risk.Risk, $"{name} on {target}: {judged.Risk.Risk} is below {service}'s own {alone.Risk.Risk}");
                    Assert.Empty(alone.BlastRadius.Except(judged.BlastRadius));
                }
            }
        }
    }

    [Fact]
    public void Decide_DependencyOutage_ExhaustedBudgetOnTheDependencyRefusesTheRun()
    {
        var sut = new Guard(Estate());
        var touched = ChaosFaultPlacement.ServicesTouched(ChaosTemplateLibrary.Defaults["dependency-outage"], "checkout", sut.Graph);
        var slo = new SloGateSignals(new Dictionary<string, SloSignal?>
        {
            ["checkout"] = new SloSignal("checkout", "checkout-availability", 0.9, 90, 0, 0.1, false, false),
            ["payments"] = new SloSignal("payments", "payments-availability", -0.1, -10, 0, 2, false, false),
        });

        var d = sut.Decide(Chaos(touched), NoCounters, Now, slo);

        Assert.Equal(GuardOutcome.Deny, d.Outcome);
        Assert.StartsWith("chaos refused: SLO 'payments-availability' on payments: error budget exhausted",
            Assert.Single(d.Checks, c => c.Name == GuardChecks.SloBudget).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ServicesOf_DependencyFaultOnAServiceOutsideTheGraph_LandsNowhere()
    {
        var graph = new ServiceGraph(Estate());
        var fault = new ChaosFault { Type = ChaosFaultType.Error, On = ChaosFaultScope.Dependencies };

        Assert.Empty(ChaosFaultPlacement.ServicesOf(fault, "ghost", graph));
        Assert.Equal(["ghost"], ChaosFaultPlacement.ServicesOf(fault with { On = ChaosFaultScope.Target }, "ghost", graph));
    }

    private static GuardRequest Chaos(IReadOnlyList<string> targets) => new()
    {
        Principal = "agent-1",
        Action = ActionType.ChaosExperiment,
        Targets = targets,
        Confidence = 1,
    };
}
