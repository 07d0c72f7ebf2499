using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Chaos;

/// <summary>Lua for experiment leases: renew only while held, and claim a lapsed one exactly once across replicas.</summary>
internal static class ChaosScripts
{
    /// <summary>KEYS: lease. ARGV: owner, ttl ms. Returns 1 when renewed, 0 when another owner (or nobody) holds it.</summary>
    public static readonly StoreScript Renew = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """);

    /// <summary>KEYS: lease, running set. ARGV: id. Returns 1 when the lease had lapsed and this caller removed the id.</summary>
    public static readonly StoreScript ClaimOrphan = new("""
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        return redis.call('SREM', KEYS[2], ARGV[1])
        """);

    /// <summary>KEYS: lease, running set. ARGV: owner, ttl ms, id. Sets the lease to owner and re-adds the id.</summary>
    public static readonly StoreScript Reacquire = new("""
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[3])
        return 1
        """);
}
