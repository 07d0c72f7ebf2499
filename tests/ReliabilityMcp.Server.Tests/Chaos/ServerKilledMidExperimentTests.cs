using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>The dead man's switch end to end: the server dies mid-experiment; the faults end on their own, and the next server marks the run interrupted.</summary>
public sealed class ServerKilledMidExperimentTests
{
    [Fact]
    public async Task ServerKilled_MidExperiment_FaultsExpireByThemselvesAndRestartMarksInterrupted()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(2));
        await using var estate = await ChaosEstate.StartAsync();
        using var config = ReliabilityConfigFile.Create(ChaosTestConfiguration.Yaml(estate));
        var settings = ChaosTestConfiguration.Settings(config.FilePath, $"test-{Guid.NewGuid():N}");
        string experimentId;

        await using (var first = ServerProcess.Start(settings))
        {
            await first.WaitReadyAsync(ct);
            await using var client = await McpClients.ConnectHttpAsync(first.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
            var started = await ChaosCalls.RunAsync(client, """{"template": "long-slow", "target": "checkout"}""", ct);
            Assert.Equal("started", started.Status);
            experimentId = started.ExperimentId!;
            Assert.Equal(1, await estate.FaultCountAsync(estate.Checkout, ct));

            first.KillHard();
        }

        // Nobody removes the fault: checkout's own clock ends it at the end of the 8 s run.
        await Testing.Poll.UntilAsync(c => estate.FaultCountAsync(estate.Checkout, c), n => n == 0, "the orphaned fault to expire on checkout", ct);

        await using var second = ServerProcess.Start(settings);
        await second.WaitReadyAsync(ct);
        await using var reader = await McpClients.ConnectHttpAsync(second.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);
        var view = await ChaosCalls.WaitUntilAsync(reader, experimentId, s => s == "interrupted", ct);

        Assert.Contains("stopped renewing its lease", view.GetProperty("experiment").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("interrupted", ChaosCalls.Steps(view)[^1]);
    }
}
