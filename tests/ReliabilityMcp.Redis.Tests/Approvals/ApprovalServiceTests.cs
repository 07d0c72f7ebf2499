using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Redis.Approvals;
using ReliabilityMcp.Redis.Audit;
using ReliabilityMcp.Redis.Guardrails;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Approvals;

/// <summary>The approval service and its store-backed state machine against the real store, with a hand-moved clock.</summary>
public sealed class ApprovalServiceTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static readonly Principal Bob = new("bob", new HashSet<PrincipalRole> { PrincipalRole.Approver });

    private static readonly ReliabilityConfiguration Config = new()
    {
        Services = new Dictionary<string, ServiceNode> { ["checkout"] = new() },
        Actions = new Dictionary<string, ActionDefinition> { ["rollback"] = new() { BaseRisk = RiskClass.High, CooldownSeconds = 0 } },
        Guard = new GuardSettings { DefaultMode = OperatingMode.Approval },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DecideAsync_AfterExpiry_ReportsExpiredAndNeverRuns()
    {
        await using var conn = await ConnectAsync();
        var (sut, handler, clock, audit) = Create(conn);
        await using var trail = audit;
        var info = await SubmitAsync(sut);
        clock.Advance(TimeSpan.FromMinutes(15));

        var late = await sut.DecideAsync(info.ApprovalId, Bob, approve: true, "too late", Ct);
        var again = await sut.DecideAsync(info.ApprovalId, Bob, approve: true, "still too late", Ct);

        Assert.Equal(ApprovalDecisionStatus.Expired, late.Status);
        Assert.Equal(ApprovalState.Expired, late.Approval!.State);
        Assert.Equal(ApprovalDecisionStatus.NotPending, again.Status);
        Assert.Empty(handler.Runs);
    }

    [Fact]
    public async Task DecideAsync_JustBeforeExpiry_Runs()
    {
        await using var conn = await ConnectAsync();
        var (sut, handler, clock, audit) = Create(conn);
        await using var trail = audit;
        var info = await SubmitAsync(sut);
        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));

        var result = await sut.DecideAsync(info.ApprovalId, Bob, approve: true, "in time", Ct);

        Assert.Equal(ApprovalDecisionStatus.Executed, result.Status);
        Assert.Equal(ApprovalState.Completed, result.Approval!.State);
        Assert.Equal(["bob"], Assert.Single(handler.Runs).Approvers);
    }

    [Fact]
    public async Task ListPendingAsync_PastExpiry_ExpiresAuditsAndOmitsThem()
    {
        await using var conn = await ConnectAsync();
        var (sut, _, clock, audit) = Create(conn);
        await using var trail = audit;
        var old = await SubmitAsync(sut);
        clock.Advance(TimeSpan.FromMinutes(10));
        var fresh = await SubmitAsync(sut);
        clock.Advance(TimeSpan.FromMinutes(6));

        var pending = await sut.ListPendingAsync(50, Ct);

        Assert.Equal([fresh.ApprovalId], pending.Select(p => p.Request.Id));
        Assert.Equal(ApprovalState.Expired, (await sut.GetAsync(old.ApprovalId, Ct))!.State);
        var entries = await audit.ReadAsync(1, 100, Ct);
        Assert.Contains(entries, e => e.Record.Decision == "expired" && e.Record.Detail.Contains(old.ApprovalId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DecideAsync_KindWithoutHandler_FailsClearly()
    {
        await using var conn = await ConnectAsync();
        var (sut, handler, _, audit) = Create(conn);
        await using var trail = audit;
        var info = await SubmitAsync(sut, kind: "mystery");

        var result = await sut.DecideAsync(info.ApprovalId, Bob, approve: true, "go", Ct);

        Assert.Equal(ApprovalState.Failed, result.Approval!.State);
        Assert.Contains("no handler is registered for kind 'mystery'", result.Result!.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(handler.Runs);
    }

    [Fact]
    public async Task Store_FiftyRacingVotesAndClaims_OneQuorumAndOneClaim()
    {
        await using var conn = await ConnectAsync();
        var store = new RedisApprovalStore(conn, new StoreKeys($"a{Guid.NewGuid():N}"));
        var now = DateTimeOffset.UtcNow;
        var doc = new ApprovalDocument
        {
            Id = "apr_race", Kind = "k", Requester = "agent", Action = ActionType.Failover, Targets = ["checkout"], Confidence = 0.9,
            Justification = "j", PayloadJson = "{}", Summary = "s", Risk = RiskClass.Critical, DecisionSummary = "d", ApproversNeeded = 2,
            CreatedAt = now, ExpiresAt = now.AddMinutes(15),
        };
        await store.CreateAsync(doc, new ApprovalEvent(now, "agent", "requested", "s"), 20, Ct);

        var votes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            store.ApproveAsync(doc.Id, $"approver-{i}", 2, now, new ApprovalEvent(now, $"approver-{i}", "approved", ""), Ct)));
        var claims = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            store.TryClaimAsync(doc.Id, new ApprovalEvent(now, "x", "executing", ""), Ct)));

        Assert.Equal(1, votes.Count(v => v.Outcome == ApprovalVoteOutcome.Approved));
        Assert.Equal(1, votes.Count(v => v.Outcome == ApprovalVoteOutcome.Recorded));
        Assert.Equal(48, votes.Count(v => v.Outcome == ApprovalVoteOutcome.NotPending));
        Assert.Equal(1, claims.Count(c => c));
        var record = await store.GetAsync(doc.Id, Ct);
        Assert.Equal(ApprovalState.Executing, record!.State);
        Assert.Equal(2, record.Approvers.Count);
    }

    [Fact]
    public async Task Store_PendingCapPerRequester_TwoReplicasAgree_AndApprovedRejectedExpiredFreeSlots()
    {
        await using var replicaA = await ConnectAsync();
        await using var replicaB = await ConnectAsync();
        var keys = new StoreKeys($"a{Guid.NewGuid():N}");
        var stores = new[] { new RedisApprovalStore(replicaA, keys), new RedisApprovalStore(replicaB, keys) };
        var t0 = DateTimeOffset.UtcNow;
        ApprovalDocument Doc(string id, DateTimeOffset at, string requester = "agent") => new()
        {
            Id = id, Kind = "k", Requester = requester, Action = ActionType.Rollback, Targets = ["checkout"], Confidence = 0.9,
            Justification = "j", PayloadJson = "{}", Summary = "s", Risk = RiskClass.High, DecisionSummary = "d", ApproversNeeded = 1,
            CreatedAt = at, ExpiresAt = at.AddMinutes(15),
        };
        Task<bool> CreateAsync(int replica, ApprovalDocument doc) => stores[replica % 2].CreateAsync(doc, new ApprovalEvent(doc.CreatedAt, doc.Requester, "requested", "s"), 3, Ct);
        ApprovalEvent Vote(string e) => new(t0, "bob", e, "");

        var racing = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => CreateAsync(i, Doc($"apr_r{i}", t0))));
        var otherRequester = await CreateAsync(0, Doc("apr_other", t0, requester: "agent-2"));
        var created = Enumerable.Range(0, 10).Where(i => racing[i]).Select(i => $"apr_r{i}").ToList();
        await stores[0].ApproveAsync(created[0], "bob", 1, t0, Vote("approved"), Ct);
        var afterApproval = await CreateAsync(1, Doc("apr_a", t0));
        await stores[1].RejectAsync(created[1], "bob", t0, Vote("rejected"), Ct);
        var afterRejection = await CreateAsync(0, Doc("apr_b", t0));
        var full = await CreateAsync(1, Doc("apr_c", t0));
        var afterExpiry = await CreateAsync(0, Doc("apr_d", t0.AddMinutes(15)));

        Assert.Equal(3, created.Count);
        Assert.True(otherRequester);
        Assert.True(afterApproval);
        Assert.True(afterRejection);
        Assert.False(full);
        Assert.True(afterExpiry);
        Assert.Null(await stores[0].GetAsync("apr_c", Ct));
    }

    private async Task<StoreConnection> ConnectAsync() =>
        await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);

    private static (ApprovalService Sut, RecordingHandler Handler, ManualClock Clock, RedisAuditTrail Audit) Create(StoreConnection conn)
    {
        var keys = new StoreKeys($"a{Guid.NewGuid():N}");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var audit = new RedisAuditTrail(conn, keys);
        var source = new FixedConfigurationSource(Config);
        var guard = new GuardService(source, new RedisGuardCounterStore(conn, keys), audit, clock, new GuardServiceOptions { StoreBudget = TimeSpan.FromSeconds(30) });
        var handler = new RecordingHandler("remediation");
        var sut = new ApprovalService(new RedisApprovalStore(conn, keys), [handler], guard, source, audit, clock, new ApprovalServiceOptions());
        return (sut, handler, clock, audit);
    }

    private static Task<PendingApprovalInfo> SubmitAsync(ApprovalService sut, string kind = "remediation")
    {
        var request = new GuardRequest { Principal = "agent", Action = ActionType.Rollback, Targets = ["checkout"], Confidence = 0.9, Justification = "bad deploy" };
        var decision = new Guard(Config).Decide(request, new GuardCounters(), DateTimeOffset.UtcNow);
        return sut.SubmitAsync(new ApprovalSubmission(kind, request, decision, "{}", "rollback of checkout"), Ct);
    }
}
