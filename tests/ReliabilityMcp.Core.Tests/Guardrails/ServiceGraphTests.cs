using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Guardrails;

public sealed class ServiceGraphTests
{
    [Fact]
    public void BlastRadius_TransitiveDependants_BreadthFirstTargetsFirst()
    {
        var sut = new ServiceGraph(Estate());

        Assert.Equal(["inventory", "checkout", "web"], sut.BlastRadius(["inventory"]));
        Assert.Equal(["search", "payments", "web", "checkout"], sut.BlastRadius(["search", "payments"]));
    }

    [Fact]
    public void BlastRadius_Cycle_Terminates()
    {
        var config = new ReliabilityConfiguration
        {
            Services = new Dictionary<string, ServiceNode>
            {
                ["a"] = new() { DependsOn = ["b"] },
                ["b"] = new() { DependsOn = ["a"] },
            },
        };
        var sut = new ServiceGraph(config);

        Assert.Equal(["a", "b"], sut.BlastRadius(["a", "a"]));
    }
}
