using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Redis.Guardrails;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Guardrails;

public sealed class RedisGuardCounterStoreTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<StoreConnection> ConnectAsync() => StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);

    private static StoreKeys NewKeys() => new($"t{Guid.NewGuid():N}");

    private const string Key = "policy:high-latency-restart";

    private static CounterScope Scope(string[]? targets = null, int cooldown = 300, int cap = 3, int principalLimit = 100, RateLimit? actionLimit = null, bool autonomous = false) => new()
    {
        Keys = [new CounterKey(Key, cooldown, cap)],
        Targets = targets ?? ["checkout"],
        Principal = "agent-1",
        Action = ActionType.Restart,
        PrincipalLimit = new RateLimit { Limit = principalLimit, WindowSeconds = 3600 },
        ActionLimit = actionLimit,
        AutonomousWindow = TimeSpan.FromMinutes(60),
        Autonomous = autonomous,
    };

    [Fact]
    public async Task ReadAsync_NothingSpent_IsEmpty()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisGuardCounterStore(conn, NewKeys());

        var counters = await sut.ReadAsync(Scope(), T0, Ct);

        Assert.Equal(ExecutionCounter.Empty, counters.For(Key, "checkout"));
        Assert.Equal(0, counters.Principal.Count);
        Assert.Empty(counters.ServicesTouchedAutonomously);
    }

    [Fact]
    public async Task TrySpendAsync_SpendsEveryCounter_AndReadSeesIt()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisGuardCounterStore(conn, NewKeys());
        var scope = Scope(["checkout", "inventory"], actionLimit: new RateLimit { Limit = 5, WindowSeconds = 600 }, autonomous: true);

        var spent = await sut.TrySpendAsync(scope, "exec-1", T0, Ct);
        var counters = await sut.ReadAsync(scope, T0.AddSeconds(1), Ct);

        Assert.True(spent.Spent);
        Assert.Equal(new ExecutionCounter(1, T0, T0.AddSeconds(300)), counters.For(Key, "checkout"));
        Assert.Equal(new ExecutionCounter(1, T0, T0.AddSeconds(300)), counters.For(Key, "inventory"));
        Assert.Equal(1, counters.Principal.Count);
        Assert.Equal(1, counters.Action.Count);
        Assert.Equal(["checkout", "inventory"], counters.ServicesTouchedAutonomously.Order());
    }

    [Fact]
    public async Task TrySpendAsync_DuringCooldown_RefusedAndWritesNothing_FreeAfterExpiry()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisGuardCounterStore(conn, NewKeys());
        await sut.TrySpendAsync(Scope(), "exec-1", T0, Ct);

        var during = await sut.TrySpendAsync(Scope(), "exec-2", T0.AddSeconds(299), Ct);
        var countersDuring = await sut.ReadAsync(Scope(), T0.AddSeconds(299), Ct);
        var after = await sut.TrySpendAsync(Scope(), "exec-3", T0.AddSeconds(300), Ct);

        Assert.Equal(("cooldown:checkout", T0.AddSeconds(300)), (during.Refusal, during.RetryAfter));
        Assert.Equal(1, countersDuring.For(Key, "checkout").Count);
        Assert.Equal(1, countersDuring.Principal.Count);
        Assert.True(after.Spent);
    }

    [Fact]
    public async Task TrySpendAsync_HourlyCap_RollingWindowFreesOldestSlot()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisGuardCounterStore(conn, NewKeys());
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await sut.TrySpendAsync(Scope(cooldown: 0), $"e{i}", T0.AddMinutes(i * 10), Ct)).Spent);
        }

        var capped = await sut.TrySpendAsync(Scope(cooldown: 0), "e3", T0.AddMinutes(59), Ct);
        var read = await sut.ReadAsync(Scope(cooldown: 0), T0.AddMinutes(59), Ct);
        var freed = await sut.TrySpendAsync(Scope(cooldown: 0), "e4", T0.AddMinutes(60), Ct);

        Assert.Equal("hourly_cap:checkout", capped.Refusal);
        Assert.Equal(new ExecutionCounter(3, T0, null), read.For(Key, "checkout"));
        Assert.True(freed.Spent);
    }

    [Fact]
    public async Task TrySpendAsync_PrincipalAndActionRateLimits_Refuse()
    {
        await using var conn = await ConnectAsync();
        var keys = NewKeys();
        var sut = new RedisGuardCounterStore(conn, keys);
        Assert.True((await sut.TrySpendAsync(Scope(["a"], cooldown: 0, principalLimit: 1), "e1", T0, Ct)).Spent);
        Assert.Equal("rate_limit:principal", (await sut.TrySpendAsync(Scope(["b"], cooldown: 0, principalLimit: 1), "e2", T0, Ct)).Refusal);

        var limit = new RateLimit { Limit = 1, WindowSeconds = 60 };
        var other = new RedisGuardCounterStore(conn, NewKeys());
        Assert.True((await other.TrySpendAsync(Scope(["a"], cooldown: 0, actionLimit: limit), "e1", T0, Ct)).Spent);
        Assert.Equal("rate_limit:action", (await other.TrySpendAsync(Scope(["b"], cooldown: 0, actionLimit: limit), "e2", T0, Ct)).Refusal);
        Assert.True((await other.TrySpendAsync(Scope(["b"], cooldown: 0, actionLimit: limit), "e3", T0.AddSeconds(60), Ct)).Spent);
    }

    [Fact]
    public async Task TrySpendAsync_TwoReplicasRacing200Requests_NeverExceedCapOrRateLimit()
    {
        // Two independent connections stand for two server replicas sharing one store.
        await using var replicaA = await ConnectAsync();
        await using var replicaB = await ConnectAsync();
        var keys = NewKeys();
        var stores = new[] { new RedisGuardCounterStore(replicaA, keys), new RedisGuardCounterStore(replicaB, keys) };
        var capScope = Scope(cooldown: 0, cap: 7);
        var rateScope = Scope(["other"], cooldown: 0, cap: 1000, principalLimit: 11) with { Principal = "agent-rate" };

        var capResults = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => stores[i % 2].TrySpendAsync(capScope, $"cap-{i}", T0, Ct)));
        var rateResults = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => stores[i % 2].TrySpendAsync(rateScope, $"rate-{i}", T0, Ct)));

        Assert.Equal(7, capResults.Count(r => r.Spent));
        Assert.Equal(11, rateResults.Count(r => r.Spent));
        Assert.Equal(7, (await stores[0].ReadAsync(capScope, T0, Ct)).For(Key, "checkout").Count);
    }

    [Fact]
    public async Task TrySpendAsync_EightAutonomousSpendsOnEightServicesRacing_ExactlyTheWindowLimitSpent()
    {
        // Two replicas; each request reads "0 of 3 touched" before any spends: the spend itself must re-check the window.
        await using var replicaA = await ConnectAsync();
        await using var replicaB = await ConnectAsync();
        var keys = NewKeys();
        var stores = new[] { new RedisGuardCounterStore(replicaA, keys), new RedisGuardCounterStore(replicaB, keys) };
        CounterScope Autonomous(int i) => Scope([$"s{i}"], cooldown: 0) with { Autonomous = true, MaxAutonomousServices = 3 };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => stores[i % 2].TrySpendAsync(Autonomous(i), $"auto-{i}", T0, Ct)));
        var touched = (await stores[0].ReadAsync(Autonomous(0), T0, Ct)).ServicesTouchedAutonomously;
        var sameServiceAgain = await stores[0].TrySpendAsync(Autonomous(Enumerable.Range(0, 8).First(i => results[i].Spent)), "auto-again", T0, Ct);
        var windowLater = await stores[1].TrySpendAsync(Autonomous(7), "auto-later", T0.AddMinutes(61), Ct);

        Assert.Equal(3, results.Count(r => r.Spent));
        Assert.All(results.Where(r => !r.Spent), r => Assert.Equal((GuardChecks.AutonomousWindow, "autonomous_window:4"), (r.Check, r.Refusal)));
        Assert.Contains("4 distinct services would be touched autonomously within 60 min (limit 3)", results.First(r => !r.Spent).Detail, StringComparison.Ordinal);
        Assert.Equal(3, touched.Count);
        Assert.True(sameServiceAgain.Spent, sameServiceAgain.Detail); // a service already touched adds nothing to the window
        Assert.True(windowLater.Spent, windowLater.Detail);
    }

    [Fact]
    public async Task TrySpendAsync_ActionAndPolicyKeys_EachKeyRefusesAndBothAreSpent()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisGuardCounterStore(conn, NewKeys());
        var action = new CounterKey("action:restart", 300, 10);
        CounterScope With(params CounterKey[] keys) => Scope() with { Keys = keys };

        var first = await sut.TrySpendAsync(With(action), "e1", T0, Ct);
        var policyNamed = await sut.TrySpendAsync(With(action, new CounterKey(Key, 0, 10)), "e2", T0.AddSeconds(1), Ct);
        var otherPolicy = await sut.TrySpendAsync(With(action, new CounterKey("policy:error-storm-restart", 0, 10)), "e3", T0.AddSeconds(2), Ct);
        var bothLater = await sut.TrySpendAsync(With(action, new CounterKey(Key, 0, 1)), "e4", T0.AddSeconds(300), Ct);
        var policyCapped = await sut.TrySpendAsync(With(action, new CounterKey(Key, 0, 1)), "e5", T0.AddSeconds(600), Ct);
        var read = await sut.ReadAsync(With(action, new CounterKey(Key, 0, 1)), T0.AddSeconds(600), Ct);

        Assert.True(first.Spent);
        Assert.Equal(("cooldown:checkout", T0.AddSeconds(300)), (policyNamed.Refusal, policyNamed.RetryAfter));
        Assert.Equal("cooldown:checkout", otherPolicy.Refusal);
        Assert.True(bothLater.Spent, bothLater.Detail);
        Assert.Equal(("hourly_cap:checkout", T0.AddSeconds(3900)), (policyCapped.Refusal, policyCapped.RetryAfter));
        Assert.Equal(2, read.For("action:restart", "checkout").Count);
        Assert.Equal(1, read.For(Key, "checkout").Count);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ReadPoliciesAsync_ReadsEachPolicyOnTheService(int protocol)
    {
        // Plain ZRANGEBYSCORE … WITHSCORES: a flat reply on RESP2, (member, score) pairs on RESP3.
        await using var conn = await StoreConnection.ConnectAsync(garnet.ConnectionStringFor(protocol), Ct);
        var sut = new RedisGuardCounterStore(conn, NewKeys());
        await sut.TrySpendAsync(Scope(), "e1", T0, Ct);
        await sut.TrySpendAsync(Scope(), "e2", T0.AddSeconds(400), Ct);
        HealingPolicy[] policies =
        [
            new() { Name = "high-latency-restart", Actions = [ActionType.Restart] },
            new() { Name = "other", Actions = [ActionType.Restart] },
        ];

        var counters = await sut.ReadPoliciesAsync(policies, "checkout", T0.AddSeconds(410), Ct);
        var elsewhere = await sut.ReadPoliciesAsync(policies, "inventory", T0.AddSeconds(410), Ct);
        var hourLater = await sut.ReadPoliciesAsync(policies, "checkout", T0.AddSeconds(3600), Ct);

        Assert.Equal(new ExecutionCounter(2, T0, T0.AddSeconds(700)), counters["high-latency-restart"]);
        Assert.Equal(new ExecutionCounter(1, T0.AddSeconds(400), T0.AddSeconds(700)), hourLater["high-latency-restart"]); // the first left the hour
        Assert.Equal(ExecutionCounter.Empty, counters["other"]);
        Assert.Equal(ExecutionCounter.Empty, elsewhere["high-latency-restart"]);
    }
}
