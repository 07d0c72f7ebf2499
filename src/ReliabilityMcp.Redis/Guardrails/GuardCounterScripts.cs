using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Guardrails;

/// <summary>
/// Lua for the guard counters. Times come from the caller's <see cref="TimeProvider"/> (ARGV), never the store's
/// clock, so tests can drive them with a fake clock; TTLs only clean up. Every key carries the <c>{guard}</c> hash
/// tag so the scripts stay single-slot on a Redis cluster.
/// KEYS: 1 touched zset, 2 principal zset, 3 action zset, then (exec zset, cooldown string) per counter key per target
/// (all targets of the first key, then all targets of the next).
/// </summary>
internal static class GuardCounterScripts
{
    /// <summary>ARGV: now, hourMs, principalWindowMs, actionWindowMs, touchedWindowMs. Returns counts, oldest scores and cooldown ends.</summary>
    public static readonly StoreScript Read = new("""
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
    /// ARGV: now, hourMs, principalWindowMs, principalLimit, actionWindowMs (0 = no limit), actionLimit, executionId,
    /// autonomous (0/1), touchedWindowMs, touchedLimit, target count, then the target names, then per counter key its
    /// cooldownMs and hourly cap. Every limit is re-checked before anything is written: returns {1} when spent, or
    /// {0, 'check:subject', limit, count, retryAtMs or ''} for the first limit without room (nothing written then).
    /// </summary>
    public static readonly StoreScript Spend = new("""
        local now = tonumber(ARGV[1])
        local hour = tonumber(ARGV[2])
        local pWin, pLimit = tonumber(ARGV[3]), tonumber(ARGV[4])
        local aWin, aLimit = tonumber(ARGV[5]), tonumber(ARGV[6])
        local id, autonomous = ARGV[7], ARGV[8] == '1'
        local tWin, tLimit = tonumber(ARGV[9]), tonumber(ARGV[10])
        local n = tonumber(ARGV[11])
        local limits = 12 + n
        local function oldest(key, ms)
          local first = redis.call('ZRANGEBYSCORE', key, '(' .. (now - ms), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
          if #first >= 2 then return tonumber(first[2]) + ms end
          return ''
        end
        local k = 4
        local c = limits
        while k <= #KEYS do
          local cooldown, cap = tonumber(ARGV[c]), tonumber(ARGV[c + 1])
          for t = 1, n do
            local cd = redis.call('GET', KEYS[k + 1])
            if cd and tonumber(cd) > now then return {0, 'cooldown:' .. ARGV[11 + t], cooldown, 1, cd} end
            local used = redis.call('ZCOUNT', KEYS[k], '(' .. (now - hour), '+inf')
            if used >= cap then return {0, 'hourly_cap:' .. ARGV[11 + t], cap, used, oldest(KEYS[k], hour)} end
            k = k + 2
          end
          c = c + 2
        end
        local used = redis.call('ZCOUNT', KEYS[2], '(' .. (now - pWin), '+inf')
        if used >= pLimit then return {0, 'rate_limit:principal', pLimit, used, oldest(KEYS[2], pWin)} end
        if aWin > 0 then
          used = redis.call('ZCOUNT', KEYS[3], '(' .. (now - aWin), '+inf')
          if used >= aLimit then return {0, 'rate_limit:action', aLimit, used, oldest(KEYS[3], aWin)} end
        end
        if autonomous then
          local touched = {}
          local distinct = 0
          for _, s in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - tWin), '+inf')) do
            touched[s] = true; distinct = distinct + 1
          end
          for t = 1, n do
            if not touched[ARGV[11 + t]] then touched[ARGV[11 + t]] = true; distinct = distinct + 1 end
          end
          if distinct > tLimit then return {0, 'autonomous_window:' .. distinct, tLimit, distinct, ''} end
        end
        local function record(key, ms)
          redis.call('ZADD', key, now, id)
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ms)
          redis.call('PEXPIRE', key, ms + 60000)
        end
        k = 4
        c = limits
        while k <= #KEYS do
          local cooldown = tonumber(ARGV[c])
          for t = 1, n do
            record(KEYS[k], hour)
            if cooldown > 0 then redis.call('SET', KEYS[k + 1], now + cooldown, 'PX', cooldown + 60000) end
            k = k + 2
          end
          c = c + 2
        end
        if autonomous then
          for t = 1, n do redis.call('ZADD', KEYS[1], now, ARGV[11 + t]) end
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tWin)
          redis.call('PEXPIRE', KEYS[1], tWin + 60000)
        end
        record(KEYS[2], pWin)
        if aWin > 0 then record(KEYS[3], aWin) end
        return {1}
        """);
}
