using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Remediation;

/// <summary>Idempotency keys, execution claims and execution records in the store (<c>{remediation}</c> hash tag).</summary>
public sealed class RedisRemediationStore(IStoreConnection store, StoreKeys keys) : IRemediationStore
{
    /// <summary>KEYS: idempotency hash. ARGV: digest, retentionMs. Returns {1} when claimed, else {0, digest, result}.</summary>
    private static readonly LuaScript ClaimKey = new("""
        local v = redis.call('HMGET', KEYS[1], 'digest', 'result')
        if not v[1] then
          redis.call('HSET', KEYS[1], 'digest', ARGV[1], 'result', '')
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
          return {1}
        end
        return {0, v[1], v[2] or ''}
        """);

    private readonly string _prefix = $"{keys.Prefix}:{{remediation}}:";

    /// <inheritdoc />
    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string principal, string key, string digest, TimeSpan retention, CancellationToken cancellationToken)
    {
        var reply = await store.EvalAsync(ClaimKey, [IdempotencyKey(principal, key)], [digest, (long)retention.TotalMilliseconds], cancellationToken).ConfigureAwait(false);
        var items = reply.AsSpan();
        if (items[0].AsInt64() == 1)
        {
            return new IdempotencyClaim(true, null, null);
        }

        var result = items[2].AsString();
        return new IdempotencyClaim(false, items[1].AsString(), string.IsNullOrEmpty(result) ? null : result);
    }

    /// <inheritdoc />
    public async Task CompleteIdempotencyKeyAsync(string principal, string key, string resultJson, TimeSpan retention, CancellationToken cancellationToken)
    {
        var k = IdempotencyKey(principal, key);
        await store.ExecuteAsync("HSET", [k, "result", resultJson], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("PEXPIRE", [k, (long)retention.TotalMilliseconds], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseIdempotencyKeyAsync(string principal, string key, CancellationToken cancellationToken) =>
        await store.ExecuteAsync("DEL", [IdempotencyKey(principal, key)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> TryClaimExecutionAsync(string executionId, TimeSpan retention, CancellationToken cancellationToken)
    {
        var reply = await store.ExecuteAsync("SET", [_prefix + "claim:" + executionId, "1", "NX", "PX", (long)retention.TotalMilliseconds], cancellationToken)
            .ConfigureAwait(false);
        return !reply.IsNull;
    }

    /// <inheritdoc />
    public async Task SaveExecutionAsync(string executionId, string json, TimeSpan retention, CancellationToken cancellationToken) =>
        await store.ExecuteAsync("SET", [_prefix + "exec:" + executionId, json, "PX", (long)retention.TotalMilliseconds], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<string?> GetExecutionAsync(string executionId, CancellationToken cancellationToken) =>
        (await store.ExecuteAsync("GET", [_prefix + "exec:" + executionId], cancellationToken).ConfigureAwait(false)).AsString();

    private string IdempotencyKey(string principal, string key) => $"{_prefix}idem:{principal}:{key}";
}
