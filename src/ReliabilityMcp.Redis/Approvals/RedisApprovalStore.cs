using System.Text.Json;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Approvals;

/// <summary>Approvals in the Redis-protocol store, one Lua script per transition.</summary>
public sealed class RedisApprovalStore(IStoreConnection store, StoreKeys keys) : IApprovalStore
{
    /// <summary>How long a decided approval (and its history) is kept for the operator API.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ApprovalKeys _keys = new(keys);

    /// <inheritdoc />
    public async Task<bool> CreateAsync(ApprovalDocument document, ApprovalEvent requested, int maxPendingPerRequester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingPerRequester, 1);
        var created = await store.EvalAsync(ApprovalScripts.Create, [.. Keys(document.Id, withPending: true), _keys.PendingBy(document.Requester)],
            [
                document.Id, JsonSerializer.Serialize(document, Json), document.ApproversNeeded, document.ExpiresAt.ToUnixTimeMilliseconds(),
                document.Requester, Serialize(requested), (long)Retention.TotalMilliseconds, document.CreatedAt.ToUnixTimeMilliseconds(),
                maxPendingPerRequester, _keys.ApprovalPrefix,
            ], cancellationToken).ConfigureAwait(false);
        return created.AsSpan()[0].AsInt64() switch
        {
            1 => true,
            2 => false,
            _ => throw new InvalidOperationException($"Approval {document.Id} already exists."),
        };
    }

    /// <inheritdoc />
    public async Task<ApprovalRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var reply = await store.EvalAsync(ApprovalScripts.Get, Keys(id, withPending: false), [], cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        if (items.Length == 0)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<ApprovalDocument>(items[0].AsString()!, Json)!;
        var approvers = new List<string>();
        foreach (var a in items[4].AsSpan())
        {
            approvers.Add(a.AsString()!);
        }

        approvers.Sort(StringComparer.Ordinal);
        var events = new List<ApprovalEvent>();
        foreach (var e in items[5].AsSpan())
        {
            events.Add(JsonSerializer.Deserialize<ApprovalEvent>(e.AsString()!, Json)!);
        }

        var result = items[3].AsString();
        return new ApprovalRecord(document, ApprovalStates.Parse(items[1].AsString()), (int)items[2].AsInt64(), approvers, events,
            string.IsNullOrEmpty(result) ? null : result);
    }

    /// <inheritdoc />
    public Task<ApprovalVote> ApproveAsync(string id, string approver, int approversNeeded, DateTimeOffset now, ApprovalEvent vote, CancellationToken cancellationToken) =>
        VoteAsync(id, approver, approversNeeded, now, vote, "approve", cancellationToken);

    /// <inheritdoc />
    public Task<ApprovalVote> RejectAsync(string id, string approver, DateTimeOffset now, ApprovalEvent vote, CancellationToken cancellationToken) =>
        VoteAsync(id, approver, 0, now, vote, "reject", cancellationToken);

    /// <inheritdoc />
    public async Task AddEventAsync(string id, ApprovalEvent item, CancellationToken cancellationToken) =>
        await store.ExecuteAsync("RPUSH", [_keys.Events(id), Serialize(item)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> TryClaimAsync(string id, ApprovalEvent claim, CancellationToken cancellationToken)
    {
        var reply = await store.EvalAsync(ApprovalScripts.Claim, [_keys.Approval(id), _keys.Events(id)], [Serialize(claim)], cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    /// <inheritdoc />
    public async Task CompleteAsync(string id, ApprovalState terminal, string resultJson, ApprovalEvent done, CancellationToken cancellationToken)
    {
        if (terminal is not (ApprovalState.Completed or ApprovalState.Failed or ApprovalState.RolledBack or ApprovalState.Unknown))
        {
            throw new ArgumentOutOfRangeException(nameof(terminal), terminal, "Only completed, failed, rolled_back or unknown end an execution.");
        }

        if (!await TransitionAsync(id, ApprovalState.Executing, terminal, resultJson, done, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Approval {id} is not executing; its result was not recorded.");
        }
    }

    /// <inheritdoc />
    public Task<bool> ResolveAsync(string id, ApprovalState terminal, string resultJson, ApprovalEvent resolved, CancellationToken cancellationToken) =>
        terminal is ApprovalState.Completed or ApprovalState.Failed or ApprovalState.RolledBack
            ? TransitionAsync(id, ApprovalState.Unknown, terminal, resultJson, resolved, cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(terminal), terminal, "An unknown outcome resolves to completed, failed or rolled_back.");

    private async Task<bool> TransitionAsync(string id, ApprovalState from, ApprovalState to, string resultJson, ApprovalEvent item, CancellationToken cancellationToken) =>
        (await store.EvalAsync(ApprovalScripts.Complete, Keys(id, withPending: false),
            [to.ToWireName(), resultJson, Serialize(item), (long)Retention.TotalMilliseconds, from.ToWireName()], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <inheritdoc />
    public async Task<(IReadOnlyList<ApprovalRecord> Pending, IReadOnlyList<string> Expired)> ListPendingAsync(
        DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var expiredEvent = Serialize(new ApprovalEvent(now, ApprovalService.ServerPrincipal, "expired", "no decision before the expiry"));
        var reply = await store.EvalAsync(ApprovalScripts.ListPending, [_keys.Pending],
            [now.ToUnixTimeMilliseconds(), max, _keys.ApprovalPrefix, expiredEvent, (long)Retention.TotalMilliseconds], cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        var expired = new List<string>();
        foreach (var e in items[0].AsSpan())
        {
            expired.Add(e.AsString()!);
        }

        var ids = new List<string>();
        foreach (var i in items[1].AsSpan())
        {
            ids.Add(i.AsString()!);
        }

        var records = await Task.WhenAll(ids.Select(i => GetAsync(i, cancellationToken))).ConfigureAwait(false);
        return ([.. records.Where(r => r is { State: ApprovalState.Pending }).Select(r => r!)], expired);
    }

    private async Task<ApprovalVote> VoteAsync(
        string id, string principal, int needed, DateTimeOffset now, ApprovalEvent vote, string mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var expiredEvent = Serialize(new ApprovalEvent(now, ApprovalService.ServerPrincipal, "expired", $"expired before {principal}'s decision"));
        var reply = await store.EvalAsync(ApprovalScripts.Vote, Keys(id, withPending: true),
            [id, principal, now.ToUnixTimeMilliseconds(), needed, Serialize(vote), mode, expiredEvent, (long)Retention.TotalMilliseconds],
            cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        var outcome = items[0].AsString() switch
        {
            "not_found" => ApprovalVoteOutcome.NotFound,
            "recorded" => ApprovalVoteOutcome.Recorded,
            "approved" => ApprovalVoteOutcome.Approved,
            "rejected" => ApprovalVoteOutcome.Rejected,
            "duplicate" => ApprovalVoteOutcome.Duplicate,
            "self" => ApprovalVoteOutcome.SelfApproval,
            "expired" => ApprovalVoteOutcome.Expired,
            _ => ApprovalVoteOutcome.NotPending,
        };
        var approvers = new List<string>();
        for (var i = 2; i < items.Length; i++)
        {
            approvers.Add(items[i].AsString()!);
        }

        approvers.Sort(StringComparer.Ordinal);
        var state = outcome == ApprovalVoteOutcome.NotFound ? ApprovalState.Pending : ApprovalStates.Parse(items[1].AsString());
        return new ApprovalVote(outcome, state, approvers);
    }

    private RedisKey[] Keys(string id, bool withPending) => withPending
        ? [_keys.Approval(id), _keys.Approvers(id), _keys.Events(id), _keys.Pending]
        : [_keys.Approval(id), _keys.Approvers(id), _keys.Events(id)];

    private static string Serialize(ApprovalEvent item) => JsonSerializer.Serialize(item, Json);
}
