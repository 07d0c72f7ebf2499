using System.Text.Json;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Chaos;

/// <summary>
/// Experiments in the store: one JSON document per experiment, a list for its timeline, a set of running ids, a
/// time-ordered index, and a lease key per running experiment (value = owner, PX = lease). All keys share the
/// <c>{chaos}</c> hash tag so the lease scripts stay single-slot.
/// </summary>
public sealed class RedisChaosExperimentStore(IStoreConnection store, StoreKeys keys) : IChaosExperimentStore
{
    /// <summary>Finished experiments are kept this long.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private string Prefix => $"{keys.Prefix}:{{chaos}}";

    private string Document(string id) => $"{Prefix}:exp:{id}";

    private string Timeline(string id) => $"{Prefix}:exp:{id}:timeline";

    private string Lease(string id) => $"{Prefix}:exp:{id}:lease";

    private string Running => $"{Prefix}:running";

    private string Index => $"{Prefix}:index";

    /// <inheritdoc />
    public async Task CreateAsync(ChaosExperiment experiment, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        await store.ExecuteAsync("SET", [Lease(experiment.Id), owner, "PX", (long)lease.TotalMilliseconds], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("SET", [Document(experiment.Id), Serialize(experiment)], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("SADD", [Running, experiment.Id], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("ZADD", [Index, experiment.CreatedAt.ToUnixTimeMilliseconds(), experiment.Id], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SaveAsync(ChaosExperiment experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (!experiment.IsTerminal)
        {
            await store.ExecuteAsync("SET", [Document(experiment.Id), Serialize(experiment)], cancellationToken).ConfigureAwait(false);
            return;
        }

        var ttl = (long)Retention.TotalSeconds;
        await store.ExecuteAsync("SET", [Document(experiment.Id), Serialize(experiment), "EX", ttl], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("EXPIRE", [Timeline(experiment.Id), ttl], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("SREM", [Running, experiment.Id], cancellationToken).ConfigureAwait(false);
        await store.ExecuteAsync("DEL", [Lease(experiment.Id)], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AppendTimelineAsync(string id, ChaosTimelineEvent step, CancellationToken cancellationToken) =>
        await store.ExecuteAsync("RPUSH", [Timeline(id), JsonSerializer.SerializeToUtf8Bytes(step, Json)], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<ChaosExperiment?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var reply = await store.ExecuteAsync("GET", [Document(id)], cancellationToken).ConfigureAwait(false);
        return reply.IsNull ? null : JsonSerializer.Deserialize<ChaosExperiment>(reply.AsBytes().Span, Json);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChaosTimelineEvent>> GetTimelineAsync(string id, CancellationToken cancellationToken)
    {
        var reply = await store.ExecuteAsync("LRANGE", [Timeline(id), 0, -1], cancellationToken).ConfigureAwait(false);
        var steps = new List<ChaosTimelineEvent>(reply.Count);
        foreach (var item in reply.AsSpan())
        {
            steps.Add(JsonSerializer.Deserialize<ChaosTimelineEvent>(item.AsBytes().Span, Json)!);
        }

        return steps;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChaosExperiment>> ListAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var ids = await store.ExecuteAsync("ZREVRANGE", [Index, 0, count - 1], cancellationToken).ConfigureAwait(false);
        var list = new List<ChaosExperiment>(ids.Count);
        foreach (var id in ToStrings(ids))
        {
            if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is { } experiment)
            {
                list.Add(experiment);
            }
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<bool> RenewLeaseAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        (await store.EvalAsync(ChaosScripts.Renew, [Lease(id)], [owner, (long)lease.TotalMilliseconds], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ClaimOrphansAsync(CancellationToken cancellationToken)
    {
        var running = await store.ExecuteAsync("SMEMBERS", [Running], cancellationToken).ConfigureAwait(false);
        var claimed = new List<string>();
        foreach (var id in ToStrings(running))
        {
            var won = await store.EvalAsync(ChaosScripts.ClaimOrphan, [Lease(id), Running], [id], cancellationToken).ConfigureAwait(false);
            if (won.AsInt64() == 1)
            {
                claimed.Add(id);
            }
        }

        return claimed;
    }

    /// <inheritdoc />
    public async Task ReacquireAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await store.EvalAsync(ChaosScripts.Reacquire, [Lease(id), Running], [owner, (long)lease.TotalMilliseconds, id], cancellationToken).ConfigureAwait(false);
    }

    private static List<string> ToStrings(RedisResult array)
    {
        var list = new List<string>(array.Count);
        foreach (var item in array.AsSpan())
        {
            list.Add(item.AsString()!);
        }

        return list;
    }

    private static byte[] Serialize(ChaosExperiment experiment) => JsonSerializer.SerializeToUtf8Bytes(experiment, Json);
}
