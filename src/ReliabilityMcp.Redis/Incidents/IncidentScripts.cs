using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Incidents;

/// <summary>Lua for incident memory: the parts that must be all-or-nothing.</summary>
internal static class IncidentScripts
{
    /// <summary>KEYS: index. ARGV: descriptor JSON. Records the descriptor when absent; returns the stored one.</summary>
    public static readonly StoreScript EnsureIndex = new("""
        local current = redis.call('HGET', KEYS[1], 'descriptor')
        if not current then
          redis.call('HSET', KEYS[1], 'descriptor', ARGV[1])
          return ARGV[1]
        end
        return current
        """);

    /// <summary>
    /// KEYS: incident, outcome, resolved-by list. ARGV: outcome doc, incident id, outcome id.
    /// Returns 0 (nothing written) when the incident does not exist, else writes the outcome and both links.
    /// </summary>
    public static readonly StoreScript LinkOutcome = new("""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[2], 'doc', ARGV[1], 'incident', ARGV[2])
        redis.call('RPUSH', KEYS[3], ARGV[3])
        return 1
        """);
}
