using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Audit;

/// <summary>Lua for the audit chain: a compare-and-append, so concurrent replicas can never fork the chain.</summary>
internal static class AuditScripts
{
    /// <summary>
    /// KEYS: head, entries. ARGV: expected head (<c>seq|hash</c>, <c>0|GENESIS</c> when empty), new head, entries...
    /// Returns {1} when appended, {0, current head} when another writer got there first (nothing written).
    /// </summary>
    public static readonly StoreScript Append = new("""
        local head = redis.call('GET', KEYS[1])
        if not head then head = '0|GENESIS' end
        if head ~= ARGV[1] then return {0, head} end
        for i = 3, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
        redis.call('SET', KEYS[1], ARGV[2])
        return {1}
        """);
}
