using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Slo;

/// <summary>Lua for the SLO counters: one atomic call per batch, so a batch counts entirely once or not at all.</summary>
internal static class SloScripts
{
    /// <summary>
    /// KEYS: 1 batch marker, then the block hashes. ARGV: 1 batch TTL ms, 2 number of blocks k, 3 this call's version
    /// token, 4..k+3 each block's TTL ms, then for each block in KEYS order: its field count c and c (field, increment)
    /// pairs. Returns 1 when stored, 0 when the batch id was seen (nothing is written then).
    /// </summary>
    /// <remarks>
    /// Each block is one HMGET, the sums in Lua, and one HSET, not one HINCRBY per field: with the AOF on, every
    /// write a script makes is its own log record, and on Garnet a thousand HINCRBYs took about 100 ms where one
    /// HMGET + HSET of the same thousand fields took about 6 ms. The read-modify-write is safe because the whole
    /// script is atomic (Redis always; Garnet with <c>--lua-transaction-mode</c>). Counts are written with <c>%d</c>
    /// so a large count never turns into a float's exponent form. Every block written also gets the call's version
    /// token in its field <c>v</c> (in the same HSET, so it costs no extra log record), which tells readers on every
    /// replica that what they remember of the block's service is out of date.
    /// </remarks>
    public static readonly StoreScript Ingest = new("""
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
        local k = tonumber(ARGV[2])
        local i = 4 + k
        for j = 1, k do
          local c = tonumber(ARGV[i])
          if c > 0 then
            local fields = {}
            for x = 1, c do fields[x] = ARGV[i + (2 * x) - 1] end
            local current = redis.call('HMGET', KEYS[j + 1], unpack(fields))
            local values = {'v', ARGV[3]}
            for x = 1, c do
              values[(2 * x) + 1] = fields[x]
              values[(2 * x) + 2] = string.format('%d', (tonumber(current[x]) or 0) + tonumber(ARGV[i + (2 * x)]))
            end
            redis.call('HSET', KEYS[j + 1], unpack(values))
            local ttl = tonumber(ARGV[3 + j])
            if redis.call('PTTL', KEYS[j + 1]) < ttl - math.floor(ttl / 10) then
              redis.call('PEXPIRE', KEYS[j + 1], ttl)
            end
          end
          i = i + 1 + (2 * c)
        end
        return 1
        """);

    /// <summary>KEYS: 1 the day's hash. ARGV: TTL ms, principal, denied 0/1, needs approval 0/1, outside mode 0/1.</summary>
    public static readonly StoreScript Decision = new("""
        redis.call('HINCRBY', KEYS[1], 'r:' .. ARGV[2], 1)
        if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'd:' .. ARGV[2], 1) end
        if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[1], 'a:' .. ARGV[2], 1) end
        if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[1], 'm:' .. ARGV[2], 1) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """);
}
