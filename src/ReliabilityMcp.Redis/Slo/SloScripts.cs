using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Slo;

/// <summary>Lua for the SLO counters: one atomic call per batch, so a batch counts entirely once or not at all.</summary>
internal static class SloScripts
{
    /// <summary>
    /// KEYS: 1 batch marker, then the block hashes. ARGV: 1 batch TTL ms, 2 number of blocks k, 3..k+2 each block's
    /// TTL ms, then (0-based block index, field, increment) triples. Returns 1 when stored, 0 when the batch id was seen.
    /// </summary>
    public static readonly LuaScript Ingest = new("""
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
        local k = tonumber(ARGV[2])
        local i = 3 + k
        local n = #ARGV
        while i <= n do
          redis.call('HINCRBY', KEYS[tonumber(ARGV[i]) + 2], ARGV[i + 1], ARGV[i + 2])
          i = i + 3
        end
        for j = 1, k do
          redis.call('PEXPIRE', KEYS[j + 1], ARGV[j + 2])
        end
        return 1
        """);

    /// <summary>KEYS: 1 the day's hash. ARGV: TTL ms, principal, denied 0/1, needs approval 0/1, outside mode 0/1.</summary>
    public static readonly LuaScript Decision = new("""
        redis.call('HINCRBY', KEYS[1], 'r:' .. ARGV[2], 1)
        if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'd:' .. ARGV[2], 1) end
        if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[1], 'a:' .. ARGV[2], 1) end
        if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[1], 'm:' .. ARGV[2], 1) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """);
}
