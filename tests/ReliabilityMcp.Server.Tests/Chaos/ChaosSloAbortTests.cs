using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Redis.Chaos;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Server.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>With an SLO engine: the burn-rate abort condition and the error budget consumed by the run.</summary>
public sealed class ChaosSloAbortTests(ChaosServerFixture fixture) : IClassFixture<ChaosServerFixture>
{
    [Fact]
    public async Task Run_BurnRateAboveThreshold_AbortsAndReportsBudgetConsumed()
    {
        var ct = TestTimeouts.Token();
        var services = fixture.Server.Services;
        var store = services.GetRequiredService<IChaosExperimentStore>();
        // The server's own parts, with a fake SLO engine in place of "none".
        var dependencies = new ChaosRunner.Dependencies(
            store,
            services.GetRequiredService<IAuditTrail>(),
            services.GetRequiredService<ChaosControlClient>(),
            services.GetRequiredService<StoreFaultSwitch>(),
            services.GetRequiredService<IStoreConnection>(),
            services.GetRequiredService<IReliabilityConfigurationSource>(),
            services.GetRequiredService<IOptions<ChaosRunnerOptions>>(),
            TimeProvider.System,
            services.GetRequiredService<ILogger<ChaosRunner>>(),
            new FakeSloSignals());
        using var sut = new ChaosRunner(dependencies);
        var (request, _, _) = services.GetRequiredService<ChaosRequestBuilder>().Build(TestTokens.AgentPrincipal, "long-slow", "payments", null, null);

        var started = await sut.StartAsync(request, null, ct);
        var done = await Poll.UntilAsync(c => store.GetAsync(started.Id, c), e => e!.IsTerminal, "the run to end", ct);

        Assert.Equal(ChaosExperimentStatus.Aborted, done!.Status);
        Assert.Equal("burn rate 20 over 5 minutes exceeds 14.4", done.Reason);
        Assert.Equal(0.1, done.ErrorBudgetConsumed!.Value, 6);
        Assert.Equal("from availability: budget remaining 0.9 before, 0.8 after", done.ErrorBudgetNote);
        Assert.Equal(0, await fixture.Estate.FaultCountAsync(fixture.Estate.Payments, ct));
    }
}
