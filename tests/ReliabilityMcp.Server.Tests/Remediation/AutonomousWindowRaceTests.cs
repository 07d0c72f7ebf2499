using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>Issue 17, item 1: parallel autonomous requests must not overrun the window of distinct services touched.</summary>
public sealed class AutonomousWindowRaceTests(AutonomousWindowServerFixture fixture) : IClassFixture<AutonomousWindowServerFixture>
{
    [Fact]
    public async Task ExecuteRemediation_EightParallelAutonomousAlertsOnEightServices_ExactlyTheWindowOfThreeExecute()
    {
        var cancellationToken = TestTimeouts.Token();
        var results = await ExecuteInParallelAsync(fixture, RemediationTokens.AutonomousToken,
            [.. Enumerable.Range(1, 8).Select(i => Request("alert_team", $"s{i}", confidence: 0.95))], cancellationToken);

        var executed = results.Where(r => r.Status == "executed").ToList();
        Assert.Equal(3, executed.Count);
        Assert.All(executed, r => Assert.Equal("completed", r.Execution!.Outcome));
        // The rest are what they would have been had they come one after another: a human must approve.
        Assert.All(results.Where(r => r.Status != "executed"), r =>
        {
            Assert.Equal("pending_approval", r.Status);
            Assert.Equal(CheckStatus.NeedsApproval, Assert.Single(r.Checks, c => c.Name == GuardChecks.AutonomousWindow).Status);
        });
        Assert.All(Enumerable.Range(1, 8), i => Assert.Equal(executed.Any(r => r.Targets[0] == $"s{i}") ? 1 : 0, fixture.Receiver.ExecutionsOn($"s{i}")));
    }
}
