using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Remediation;

/// <summary>
/// Idempotency keys, execution claims, leases and execution records in the store (<c>{remediation}</c> hash tag, so
/// every script's keys live together).
/// </summary>
public sealed class RedisRemediationStore(IStoreConnection store, StoreKeys keys) : IRemediationStore
{
    /// <summary>KEYS: idempotency hash. ARGV: digest, claimToken, claimLeaseMs. Returns {1} when claimed, else {0, digest, result, execution, provisional}.</summary>
    private static readonly StoreScript ClaimKey = new("""
        local v = redis.call('HMGET', KEYS[1], 'digest', 'result', 'execution', 'provisional')
        if not v[1] then
          redis.call('HSET', KEYS[1], 'digest', ARGV[1], 'result', '', 'owner', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
          return {1}
        end
        return {0, v[1], v[2] or '', v[3] or '', v[4] or ''}
        """);

    /// <summary>KEYS: idempotency hash. ARGV: claimToken. Deletes it if that token holds it and it is not bound to an execution.</summary>
    private static readonly StoreScript ReleaseKey = new("""
        if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'execution') == 1 then return 0 end
        return redis.call('DEL', KEYS[1])
        """);

    /// <summary>
    /// KEYS: claim, record, leases, owners[, idempotency hash]. ARGV: id, runningJson, retentionMs, leaseUntilMs, owner[,
    /// claimToken, provisionalJson, keyRetentionMs]. Returns 1 claimed, 0 already claimed, -1 key taken over.
    /// </summary>
    private static readonly StoreScript ClaimExecution = new("""
        if KEYS[5] and redis.call('HGET', KEYS[5], 'owner') ~= ARGV[6] then return -1 end
        if not redis.call('SET', KEYS[1], ARGV[5], 'NX', 'PX', tonumber(ARGV[3])) then return 0 end
        redis.call('SET', KEYS[2], ARGV[2], 'PX', tonumber(ARGV[3]))
        redis.call('ZADD', KEYS[3], tonumber(ARGV[4]), ARGV[1])
        redis.call('HSET', KEYS[4], ARGV[1], ARGV[5])
        if KEYS[5] then
          redis.call('HSET', KEYS[5], 'execution', ARGV[1], 'provisional', ARGV[7])
          redis.call('PEXPIRE', KEYS[5], tonumber(ARGV[8]))
        end
        return 1
        """);

    /// <summary>KEYS: leases, owners. ARGV: id, owner, untilMs. Returns 1 when renewed.</summary>
    private static readonly StoreScript RenewLease = new("""
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[1])
        return 1
        """);

    /// <summary>KEYS: leases, owners. ARGV: nowMs, untilMs, owner, max. Takes over lapsed leases and returns their ids.</summary>
    private static readonly StoreScript TakeLapsed = new("""
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[4]))
        for _, id in ipairs(due) do
          redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), id)
          redis.call('HSET', KEYS[2], id, ARGV[3])
        end
        return due
        """);

    /// <summary>
    /// KEYS: record, leases, owners, unresolved. ARGV: id, json, retentionMs, leaseOwner ('' for any), unresolved (1/0),
    /// nowMs. Returns 1 when saved, 0 when the lease is held by someone else or ended already.
    /// </summary>
    private static readonly StoreScript SaveExecution = new("""
        if ARGV[4] ~= '' and redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[4] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', tonumber(ARGV[3]))
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        if ARGV[5] == '1' then
          redis.call('ZADD', KEYS[4], tonumber(ARGV[6]), ARGV[1])
        else
          redis.call('ZREM', KEYS[4], ARGV[1])
        end
        return 1
        """);

    private readonly string _prefix = $"{keys.Prefix}:{{remediation}}:";

    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(
        string principal, string key, string digest, string claimToken, TimeSpan claimLease, CancellationToken cancellationToken)
    {
        var reply = await store.EvalAsync(ClaimKey, [IdempotencyKey(principal, key)], [digest, claimToken, (long)claimLease.TotalMilliseconds], cancellationToken)
            .ConfigureAwait(false);
        var items = reply.AsSpan();
        if (items[0].AsInt64() == 1)
        {
            return new IdempotencyClaim(true, null, null);
        }

        return new IdempotencyClaim(false, items[1].AsString(), NullIfEmpty(items[2].AsString()), NullIfEmpty(items[3].AsString()), NullIfEmpty(items[4].AsString()));
    }

    /// <inheritdoc />
    public async Task CompleteIdempotencyKeyAsync(string principal, string key, string resultJson, TimeSpan retention, CancellationToken cancellationToken)
    {
        var k = IdempotencyKey(principal, key);
        await store.ExecuteAsync("HSET", [k, "result", resultJson], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("PEXPIRE", [k, (long)retention.TotalMilliseconds], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseIdempotencyKeyAsync(string principal, string key, string claimToken, CancellationToken cancellationToken) =>
        await store.EvalAsync(ReleaseKey, [IdempotencyKey(principal, key)], [claimToken], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<ExecutionClaimOutcome> TryClaimExecutionAsync(ExecutionClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var id = claim.ExecutionId;
        RedisValue[] common = [id, claim.RunningJson, (long)claim.Retention.TotalMilliseconds, claim.LeaseUntil.ToUnixTimeMilliseconds(), claim.Owner];
        var reply = claim.Binding is { } b
            ? await store.EvalAsync(ClaimExecution, [_prefix + "claim:" + id, _prefix + "exec:" + id, Leases, Owners, IdempotencyKey(b.Principal, b.Key)],
                [.. common, b.ClaimToken, b.ProvisionalResultJson, (long)b.Retention.TotalMilliseconds], cancellationToken).ConfigureAwait(false)
            : await store.EvalAsync(ClaimExecution, [_prefix + "claim:" + id, _prefix + "exec:" + id, Leases, Owners], common, cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() switch
        {
            1 => ExecutionClaimOutcome.Claimed,
            0 => ExecutionClaimOutcome.AlreadyClaimed,
            _ => ExecutionClaimOutcome.KeyTakenOver,
        };
    }

    /// <inheritdoc />
    public async Task<bool> RenewExecutionLeaseAsync(string executionId, string owner, DateTimeOffset until, CancellationToken cancellationToken) =>
        (await store.EvalAsync(RenewLease, [Leases, Owners], [executionId, owner, until.ToUnixTimeMilliseconds()], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> TakeLapsedExecutionsAsync(DateTimeOffset now, DateTimeOffset until, string owner, int max, CancellationToken cancellationToken)
    {
        var reply = await store.EvalAsync(TakeLapsed, [Leases, Owners], [now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), owner, max], cancellationToken)
            .ConfigureAwait(false);
        return reply.IsNull ? [] : [.. reply.AsArray().ToArray().Select(v => v.AsString()!)];
    }

    /// <inheritdoc />
    public async Task<bool> SaveExecutionAsync(string executionId, string json, bool unresolved, TimeSpan retention, string? leaseOwner, CancellationToken cancellationToken) =>
        (await store.EvalAsync(SaveExecution, [_prefix + "exec:" + executionId, Leases, Owners, Unresolved],
            [executionId, json, (long)retention.TotalMilliseconds, leaseOwner ?? "", unresolved ? "1" : "0", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()], cancellationToken)
            .ConfigureAwait(false)).AsInt64() == 1;

    /// <inheritdoc />
    public async Task<string?> GetExecutionAsync(string executionId, CancellationToken cancellationToken) =>
        (await store.ExecuteAsync("GET", [_prefix + "exec:" + executionId], cancellationToken).ConfigureAwait(false)).AsString();

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListUnresolvedExecutionsAsync(int max, CancellationToken cancellationToken)
    {
        var ids = await store.ExecuteAsync("ZRANGE", [Unresolved, 0, max - 1], cancellationToken).ConfigureAwait(false);
        var found = new List<string>();
        foreach (var id in ids.IsNull ? [] : ids.AsArray().ToArray())
        {
            if (await GetExecutionAsync(id.AsString()!, cancellationToken).ConfigureAwait(false) is { } json)
            {
                found.Add(json);
            }
        }

        return found;
    }

    private string Leases => _prefix + "leases";

    private string Owners => _prefix + "lease-owners";

    private string Unresolved => _prefix + "unresolved";

    private string IdempotencyKey(string principal, string key) => $"{_prefix}idem:{principal}:{key}";

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
