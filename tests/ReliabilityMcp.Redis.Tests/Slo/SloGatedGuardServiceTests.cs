using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Slo;
using ReliabilityMcp.Redis.Audit;
using ReliabilityMcp.Redis.Guardrails;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Redis.Slo;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Slo;

/// <summary>SLO-gated autonomy end to end: telemetry in the store, the guard service reading it, the agents' SLIs counted.</summary>
public sealed class SloGatedGuardServiceTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 0, 30, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ReliabilityConfiguration Config = RedisSloStoreTests.Config with
    {
        Actions = new Dictionary<string, ActionDefinition> { ["rollback"] = new() { BaseRisk = RiskClass.Medium }, ["restart"] = new() { BaseRisk = RiskClass.Low } },
        Guard = new GuardSettings
        {
            DefaultMode = OperatingMode.Autonomous,
            Principals = new Dictionary<string, PrincipalSettings>
            {
                ["reader"] = new() { Mode = AgentMode.Explore },
                ["advisor"] = new() { OperatingMode = OperatingMode.Advisory },
            },
        },
    };

    private static GuardRequest Rollback(string principal = "agent-1", ActionType action = ActionType.Rollback) => new()
    {
        Principal = principal, Action = action, Targets = ["checkout"], Confidence = 0.95, Justification = "bad deploy",
    };

    private async Task<(GuardService Guard, SloService Slo, StoreConnection Conn)> CreateAsync(IStoreConnection? sloStore = null)
    {
        var conn = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var keys = new StoreKeys($"g{Guid.NewGuid():N}");
        var clock = new ManualClock(Now);
        var source = new FixedConfigurationSource(Config);
        var store = new RedisSloStore(sloStore ?? conn, keys);
        var slo = new SloService(source, store, clock);
        // A generous budget: these tests are about what is decided, not the fail-closed timing.
        var guard = new GuardService(source, new RedisGuardCounterStore(conn, keys), new RedisAuditTrail(conn, keys), clock,
            new GuardServiceOptions { StoreBudget = TimeSpan.FromSeconds(30) }, slo, store);
        return (guard, slo, conn);
    }

    private static TelemetryBatch Minutes(string id, long good) => new()
    {
        BatchId = id,
        Events = [.. Enumerable.Range(0, 60).Select(ago => new TelemetryEvent { Service = "checkout", Timestamp = Now.AddMinutes(-ago), Total = 1000, Good = good })],
    };

    [Fact]
    public async Task DecideAsync_ExhaustedBudget_AutonomousMediumActionBecomesPendingApproval()
    {
        var (sut, slo, conn) = await CreateAsync();
        await using var _ = conn;
        await slo.IngestAsync(Minutes("burning", good: 990), Ct); // 1 % errors on 99.9 %: budget spent ten times over

        var result = await sut.DecideAsync("execute_remediation", Rollback(), Ct);

        Assert.Equal(GuardOutcome.NeedsApproval, result.Decision.Outcome);
        var gate = Assert.Single(result.Decision.Checks, c => c.Name == GuardChecks.SloBudget);
        Assert.Equal(CheckStatus.NeedsApproval, gate.Status);
        Assert.Contains("SLO 'checkout-availability' on checkout", gate.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecideAsync_HealthyBudget_AutonomousMediumActionRuns()
    {
        var (sut, slo, conn) = await CreateAsync();
        await using var _ = conn;
        await slo.IngestAsync(Minutes("healthy", good: 1000), Ct);

        var result = await sut.DecideAsync("execute_remediation", Rollback(), Ct);

        Assert.Equal(GuardOutcome.Allow, result.Decision.Outcome);
    }

    [Fact]
    public async Task DecideAsync_ExhaustedBudget_ChaosIsRefused()
    {
        var (sut, slo, conn) = await CreateAsync();
        await using var _ = conn;
        await slo.IngestAsync(Minutes("burning", good: 990), Ct);

        var result = await sut.DecideAsync("run_chaos", Rollback(action: ActionType.ChaosExperiment), Ct);

        Assert.Equal(GuardOutcome.Deny, result.Decision.Outcome);
        Assert.Contains(result.Decision.Failed, c => c.Name == GuardChecks.SloBudget && c.Detail.StartsWith("chaos refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DecideAsync_SloStoreUnreachable_GateFailsClosed()
    {
        await using var dead = StoreConnection.Create($"127.0.0.1:{ReliabilityMcp.Redis.Embedded.LoopbackPorts.Free()},connectTimeout=300");
        var (sut, _, conn) = await CreateAsync(dead);
        await using var __ = conn;

        var result = await sut.DecideAsync("execute_remediation", Rollback(), Ct);

        Assert.Equal(GuardOutcome.NeedsApproval, result.Decision.Outcome);
        Assert.Contains("SLO state unknown", Assert.Single(result.Decision.Checks, c => c.Name == GuardChecks.SloBudget).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecideAsync_AdvisoryMode_DoesNotReadSloState()
    {
        await using var dead = StoreConnection.Create($"127.0.0.1:{ReliabilityMcp.Redis.Embedded.LoopbackPorts.Free()},connectTimeout=300");
        var (sut, _, conn) = await CreateAsync(dead);
        await using var __ = conn;

        var result = await sut.DecideAsync("execute_remediation", Rollback("advisor"), Ct);

        Assert.Equal(GuardOutcome.WhatIf, result.Decision.Outcome);
        Assert.Equal("no SLO signals consulted", Assert.Single(result.Decision.Checks, c => c.Name == GuardChecks.SloBudget).Detail);
    }

    [Fact]
    public async Task DecideAsync_EveryDecision_CountsTowardsTheAgentsOwnSlis()
    {
        var (sut, slo, conn) = await CreateAsync();
        await using var _ = conn;
        await slo.IngestAsync(Minutes("burning", good: 990), Ct);

        await sut.DecideAsync("execute_remediation", Rollback(), Ct);                       // needs approval (gate)
        await sut.DecideAsync("execute_remediation", Rollback(action: ActionType.Restart), Ct); // LOW: allowed
        await sut.DecideAsync("execute_remediation", Rollback() with { Confidence = 0.3 }, Ct); // denied: escalate, no action
        await sut.DecideAsync("execute_remediation", Rollback("reader"), Ct);                // explore mode: outside its mode
        var agents = await slo.AgentDecisionsAsync(Ct);

        var agent = Assert.Single(agents, a => a.Principal == "agent-1");
        Assert.Equal(3, agent.Requests);
        Assert.Equal(1, agent.NeedsApproval);
        Assert.Equal(1, agent.Denied);
        Assert.Equal(1.0 / 3, agent.HumanInterventionRate!.Value, 9);
        Assert.Equal(2.0 / 3, agent.PolicyCompliance!.Value, 9);
        Assert.Equal(1.0, agent.ModeAdherence);
        var reader = Assert.Single(agents, a => a.Principal == "reader");
        Assert.Equal((1, 1, 1), (reader.Requests, reader.Denied, reader.OutsideMode));
        Assert.Equal(0, reader.ModeAdherence);
        Assert.Equal(0, reader.PolicyCompliance);
    }

    [Fact]
    public async Task RecheckAsync_AtApprovalTime_IsAuditedButNotCountedAgain()
    {
        var (sut, slo, conn) = await CreateAsync();
        await using var _ = conn;
        await slo.IngestAsync(Minutes("burning", good: 990), Ct);

        await sut.DecideAsync("execute_remediation", Rollback(), Ct);
        var recheck = await sut.RecheckAsync("approve_request", Rollback(), Ct);
        var agents = await slo.AgentDecisionsAsync(Ct);

        Assert.NotNull(recheck.AuditSequence);
        var agent = Assert.Single(agents, a => a.Principal == "agent-1");
        Assert.Equal((1, 1), (agent.Requests, agent.NeedsApproval));
    }
}
