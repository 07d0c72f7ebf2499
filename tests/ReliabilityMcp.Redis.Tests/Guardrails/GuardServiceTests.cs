using System.Diagnostics;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Redis.Audit;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Guardrails;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Guardrails;

/// <summary>The guard's full path (counters, decision, audit) against the real store, and against no store.</summary>
public sealed class GuardServiceTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ReliabilityConfiguration Config = new()
    {
        Services = new Dictionary<string, ServiceNode> { ["checkout"] = new(), ["web"] = new() { DependsOn = ["checkout"] } },
        Actions = new Dictionary<string, ActionDefinition> { ["restart"] = new() { BaseRisk = RiskClass.Low, CooldownSeconds = 300 } },
        Policies = [new HealingPolicy { Name = "slow", Actions = [ActionType.Restart], Conditions = [new() { Metric = "latency_p99", Operator = MetricOperator.Gt, Threshold = 500 }], CooldownSeconds = 300, MaxExecutionsPerHour = 5 }],
        Guard = new GuardSettings
        {
            DefaultMode = OperatingMode.Autonomous,
            Principals = new Dictionary<string, PrincipalSettings> { ["reader"] = new() { Mode = AgentMode.Explore } },
        },
    };

    private static GuardRequest Request(string principal = "agent-1") => new()
    {
        Principal = principal, Action = ActionType.Restart, Targets = ["checkout"], Confidence = 0.95, Justification = "p99 900 ms",
    };

    [Fact]
    public async Task DecideAsync_Allowed_IsAuditedWithPrincipal()
    {
        await using var conn = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var keys = new StoreKeys($"g{Guid.NewGuid():N}");
        await using var audit = new RedisAuditTrail(conn, keys);
        // A generous budget: this test is about what is decided and audited, not about the 1.5 s fail-closed budget.
        var sut = new GuardService(new FixedConfigurationSource(Config), new RedisGuardCounterStore(conn, keys), audit, TimeProvider.System,
            new GuardServiceOptions { StoreBudget = TimeSpan.FromSeconds(30) });

        var allowed = await sut.DecideAsync("execute_remediation", Request(), Ct);
        var denied = await sut.DecideAsync("execute_remediation", Request("reader"), Ct);

        Assert.Equal(GuardOutcome.Allow, allowed.Decision.Outcome);
        Assert.Equal(GuardOutcome.Deny, denied.Decision.Outcome);
        var entries = await audit.ReadAsync(1, 10, Ct);
        Assert.Equal([("agent-1", "allow"), ("reader", "deny")], entries.Select(e => (e.Record.Principal, e.Record.Decision)));
        Assert.Equal([allowed.AuditSequence, denied.AuditSequence], entries.Select(e => (long?)e.Sequence));
    }

    [Fact]
    public async Task DecideAsync_StoreUnreachable_DeniesWithin2SecondsSayingStoreIsDown()
    {
        var deadPort = LoopbackPorts.Free();
        await using var conn = StoreConnection.Create($"127.0.0.1:{deadPort},connectTimeout=500");
        var keys = new StoreKeys("dead");
        await using var audit = new RedisAuditTrail(conn, keys);
        var sut = new GuardService(new FixedConfigurationSource(Config), new RedisGuardCounterStore(conn, keys), audit, TimeProvider.System);

        var watch = Stopwatch.StartNew();
        var result = await sut.DecideAsync("execute_remediation", Request(), Ct);
        watch.Stop();

        Assert.Equal(GuardOutcome.Deny, result.Decision.Outcome);
        Assert.Contains(result.Decision.Failed, c => c.Detail.Contains("store is unreachable", StringComparison.Ordinal));
        Assert.Null(result.AuditSequence);
        Assert.NotNull(result.StoreProblem);
        // The promise is "within 2 s": this bound is the behaviour under test, not a speed target.
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task PolicyService_StoreUnreachable_StillEvaluatesAndSaysStateUnknown()
    {
        var deadPort = LoopbackPorts.Free();
        await using var conn = StoreConnection.Create($"127.0.0.1:{deadPort},connectTimeout=500");
        var sut = new PolicyService(new FixedConfigurationSource(Config), new RedisGuardCounterStore(conn, new StoreKeys("dead")), TimeProvider.System);

        var (evaluation, problem) = await sut.EvaluateAsync("checkout", new TelemetrySnapshot(new Dictionary<string, double> { ["latency_p99"] = 900 }), Ct);

        Assert.False(evaluation.CounterStateKnown);
        Assert.Equal("slow", Assert.Single(evaluation.Matched).Name);
        Assert.NotNull(problem);
    }

    [Fact]
    public async Task PolicyService_NothingMatches_AnswersWithoutAskingTheStore()
    {
        // A dead store cannot answer, so a complete answer proves it was not asked: only candidates need counters.
        var deadPort = LoopbackPorts.Free();
        await using var conn = StoreConnection.Create($"127.0.0.1:{deadPort},connectTimeout=500");
        var sut = new PolicyService(new FixedConfigurationSource(Config), new RedisGuardCounterStore(conn, new StoreKeys("dead")), TimeProvider.System);

        var (evaluation, problem) = await sut.EvaluateAsync("checkout", new TelemetrySnapshot(new Dictionary<string, double> { ["latency_p99"] = 120 }), Ct);

        Assert.True(evaluation.CounterStateKnown);
        Assert.Null(problem);
        Assert.Equal(PolicyStatus.NotMatched, Assert.Single(evaluation.Others).Status);
    }

    [Fact]
    public async Task PolicyService_AfterSpend_ReportsCoolingDownWithoutSpending()
    {
        await using var conn = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var keys = new StoreKeys($"g{Guid.NewGuid():N}");
        var store = new RedisGuardCounterStore(conn, keys);
        var source = new FixedConfigurationSource(Config);
        var sut = new PolicyService(source, store, TimeProvider.System, new GuardServiceOptions { StoreBudget = TimeSpan.FromSeconds(30) });
        var telemetry = new TelemetrySnapshot(new Dictionary<string, double> { ["latency_p99"] = 900 });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("slow", Assert.Single((await sut.EvaluateAsync("checkout", telemetry, Ct)).Evaluation.Matched).Name);
        }

        var scope = CounterScope.For(Request() with { Policy = Config.Policies[0] }, source.Guard, autonomous: true);
        Assert.True((await store.TrySpendAsync(scope, "exec-1", TimeProvider.System.GetUtcNow(), Ct)).Spent);
        var after = (await sut.EvaluateAsync("checkout", telemetry, Ct)).Evaluation;

        Assert.Empty(after.Matched);
        Assert.Equal(PolicyStatus.CoolingDown, Assert.Single(after.Others).Status);
    }
}
