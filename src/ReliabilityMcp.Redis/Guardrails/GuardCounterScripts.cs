using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Guardrails;

/// <summary>
/// Lua for the guard counters. Times come from the caller's <see cref="TimeProvider"/> (ARGV), never the store's
/// clock, so tests can drive them with a fake clock; TTLs only clean up. Every key carries the <c>{guard}</c> hash
/// tag so the scripts stay single-slot on a Redis cluster.
/// KEYS: 1 touched zset, 2 principal zset, 3 action zset, then (exec zset, cooldown string) per target.
/// </summary>
internal static class GuardCounterScripts
{
    /// <summary>ARGV: now, hourMs, principalWindowMs, actionWindowMs, touchedWindowMs. Returns counts, oldest scores and cooldown ends.</summary>
    public static readonly LuaScript Read = new("""
        local now = tonumber(ARGV[1])
        local function window(key, ms)
          if ms <= 0 then return {0, ''} end
          local min = '(' .. (now - ms)
          local count = redis.call('ZCOUNT', key, min, '+inf')
          local first = redis.call('ZRANGEBYSCORE', key, min, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
          local oldest = ''
          if #first >= 2 then oldest = first[2] end
          return {count, oldest}
        end
        local result = {}
        result[1] = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - tonumber(ARGV[5])), '+inf')
        local p = window(KEYS[2], tonumber(ARGV[3]))
        local a = window(KEYS[3], tonumber(ARGV[4]))
        result[2] = p[1]; result[3] = p[2]; result[4] = a[1]; result[5] = a[2]
        local n = 6
        for i = 4, #KEYS, 2 do
          local w = window(KEYS[i], tonumber(ARGV[2]))
          local cd = redis.call('GET', KEYS[i + 1])
          if not cd then cd = '' end
          result[n] = w[1]; result[n + 1] = w[2]; result[n + 2] = cd
          n = n + 3
        end
        return result
        """);

    /// <summary>
    /// ARGV: now, hourMs, principalWindowMs, principalLimit, actionWindowMs (0 = no limit), actionLimit, cooldownMs,
    /// hourlyCap, executionId, autonomous (0/1), touchedWindowMs, then the target names. Returns {1} when spent,
    /// {0, reason} when a limit has no room (nothing is written then).
    /// </summary>
    public static readonly LuaScript Spend = new("""
        local now = tonumber(ARGV[1])
        local hour = tonumber(ARGV[2])
        local pWin, pLimit = tonumber(ARGV[3]), tonumber(ARGV[4])
        local aWin, aLimit = tonumber(ARGV[5]), tonumber(ARGV[6])
        local cooldown, cap = tonumber(ARGV[7]), tonumber(ARGV[8])
        local id, autonomous, tWin = ARGV[9], ARGV[10] == '1', tonumber(ARGV[11])
        local t = 12
        for i = 4, #KEYS, 2 do
          local cd = redis.call('GET', KEYS[i + 1])
          if cd and tonumber(cd) > now then return {0, 'cooldown:' .. ARGV[t]} end
          if redis.call('ZCOUNT', KEYS[i], '(' .. (now - hour), '+inf') >= cap then return {0, 'hourly_cap:' .. ARGV[t]} end
          t = t + 1
        end
        if redis.call('ZCOUNT', KEYS[2], '(' .. (now - pWin), '+inf') >= pLimit then return {0, 'rate_limit:principal'} end
        if aWin > 0 and redis.call('ZCOUNT', KEYS[3], '(' .. (now - aWin), '+inf') >= aLimit then return {0, 'rate_limit:action'} end
        local function record(key, ms)
          redis.call('ZADD', key, now, id)
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ms)
          redis.call('PEXPIRE', key, ms + 60000)
        end
        t = 12
        for i = 4, #KEYS, 2 do
          record(KEYS[i], hour)
          if cooldown > 0 then redis.call('SET', KEYS[i + 1], now + cooldown, 'PX', cooldown + 60000) end
          if autonomous then
            redis.call('ZADD', KEYS[1], now, ARGV[t])
          end
          t = t + 1
        end
        if autonomous then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tWin)
          redis.call('PEXPIRE', KEYS[1], tWin + 60000)
        end
        record(KEYS[2], pWin)
        if aWin > 0 then record(KEYS[3], aWin) end
        return {1}
        """);
}
