namespace ReliabilityMcp.Redis;

/// <summary>
/// Key layout in the store. Everything lives under one prefix (default <c>rmcp</c>) so several deployments can
/// share a store; multi-key scripts use one hash tag per feature so they stay single-slot on a cluster.
/// </summary>
public sealed class StoreKeys(string prefix = "rmcp")
{
    /// <summary>The prefix.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>Services touched by autonomous executions (zset: service → last time, ms).</summary>
    public string GuardTouched => $"{Prefix}:{{guard}}:touched";

    /// <summary>Executions by a principal (zset: execution id → time, ms).</summary>
    public string GuardPrincipal(string principal) => $"{Prefix}:{{guard}}:rate:principal:{principal}";

    /// <summary>Executions of an action type (zset).</summary>
    public string GuardAction(string action) => $"{Prefix}:{{guard}}:rate:action:{action}";

    /// <summary>Executions of a (policy or action) key on a service within the hour (zset).</summary>
    public string GuardExecutions(string key, string service) => $"{Prefix}:{{guard}}:exec:{key}:{service}";

    /// <summary>End of the cooldown of a (policy or action) key on a service (string, ms).</summary>
    public string GuardCooldown(string key, string service) => $"{Prefix}:{{guard}}:cooldown:{key}:{service}";

    /// <summary>Audit chain head: <c>sequence|hash</c>.</summary>
    public string AuditHead => $"{Prefix}:{{audit}}:head";

    /// <summary>Audit entries (list, index = sequence - 1).</summary>
    public string AuditEntries => $"{Prefix}:{{audit}}:entries";
}
