using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Approvals;

/// <summary>
/// Lua for the approval state machine: each transition reads the state and writes the next one in one atomic
/// step, so racing approvers and replicas see exactly one quorum and one claim. Times come from the caller's
/// clock (ARGV) so tests can drive expiry with a fake clock. KEYS per approval: hash, approvers set, events list.
/// </summary>
internal static class ApprovalScripts
{
    /// <summary>
    /// KEYS: hash, approvers, events, pending, the requester's pending. ARGV: id, doc, needed, expiresMs, requester, event,
    /// retentionMs, nowMs, cap, approval key prefix. Returns {1} when created, {0} when the id exists, {2, held} when the
    /// requester already holds cap pending approvals. The requester's set is pruned first of ids no longer pending
    /// (approved, rejected, expired, gone), so leaving pending frees the slot; it never holds more than cap ids.
    /// </summary>
    public static readonly StoreScript Create = new("""
        if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
        redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', ARGV[8])
        for _, other in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
          if redis.call('HGET', ARGV[10] .. other, 'state') ~= 'pending' then redis.call('ZREM', KEYS[5], other) end
        end
        local held = redis.call('ZCARD', KEYS[5])
        if held >= tonumber(ARGV[9]) then return {2, held} end
        redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'state', 'pending', 'needed', ARGV[3], 'expires', ARGV[4], 'requester', ARGV[5], 'result', '')
        redis.call('RPUSH', KEYS[3], ARGV[6])
        redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
        redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
        local keep = tonumber(ARGV[4]) - tonumber(ARGV[8]) + tonumber(ARGV[7])
        redis.call('PEXPIRE', KEYS[1], keep)
        redis.call('PEXPIRE', KEYS[3], keep)
        local last = tonumber(ARGV[4]) - tonumber(ARGV[8]) + 60000
        if redis.call('PTTL', KEYS[5]) < last then redis.call('PEXPIRE', KEYS[5], last) end
        return {1}
        """);

    /// <summary>
    /// KEYS: hash, approvers, events, pending. ARGV: id, principal, nowMs, needed, event, mode (approve|reject),
    /// expiredEvent, retentionMs. Returns {outcome, state, approvers...}.
    /// </summary>
    public static readonly StoreScript Vote = new("""
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return {'not_found', ''} end
        local function done(outcome, s)
          local r = {outcome, s}
          for _, m in ipairs(redis.call('SMEMBERS', KEYS[2])) do table.insert(r, m) end
          return r
        end
        local function retain()
          local ms = tonumber(ARGV[8])
          redis.call('PEXPIRE', KEYS[1], ms)
          redis.call('PEXPIRE', KEYS[3], ms)
          if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ms) end
        end
        if state ~= 'pending' then return done('not_pending', state) end
        if tonumber(ARGV[3]) >= tonumber(redis.call('HGET', KEYS[1], 'expires')) then
          redis.call('HSET', KEYS[1], 'state', 'expired')
          redis.call('ZREM', KEYS[4], ARGV[1])
          redis.call('RPUSH', KEYS[3], ARGV[7])
          retain()
          return done('expired', 'expired')
        end
        if redis.call('HGET', KEYS[1], 'requester') == ARGV[2] then return done('self', state) end
        if ARGV[6] == 'reject' then
          redis.call('HSET', KEYS[1], 'state', 'rejected')
          redis.call('ZREM', KEYS[4], ARGV[1])
          redis.call('RPUSH', KEYS[3], ARGV[5])
          retain()
          return done('rejected', 'rejected')
        end
        if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 1 then return done('duplicate', state) end
        redis.call('SADD', KEYS[2], ARGV[2])
        redis.call('PEXPIRE', KEYS[2], redis.call('PTTL', KEYS[1]))
        redis.call('RPUSH', KEYS[3], ARGV[5])
        local needed = tonumber(redis.call('HGET', KEYS[1], 'needed'))
        if tonumber(ARGV[4]) > needed then
          needed = tonumber(ARGV[4])
          redis.call('HSET', KEYS[1], 'needed', needed)
        end
        if redis.call('SCARD', KEYS[2]) >= needed then
          redis.call('HSET', KEYS[1], 'state', 'approved')
          redis.call('ZREM', KEYS[4], ARGV[1])
          return done('approved', 'approved')
        end
        return done('recorded', 'pending')
        """);

    /// <summary>KEYS: hash, events. ARGV: event. approved → executing; returns 1 for the one winner.</summary>
    public static readonly StoreScript Claim = new("""
        if redis.call('HGET', KEYS[1], 'state') ~= 'approved' then return 0 end
        redis.call('HSET', KEYS[1], 'state', 'executing')
        redis.call('RPUSH', KEYS[2], ARGV[1])
        return 1
        """);

    /// <summary>KEYS: hash, approvers, events. ARGV: terminal state, result, event, retentionMs, from state. from → terminal.</summary>
    public static readonly StoreScript Complete = new("""
        if redis.call('HGET', KEYS[1], 'state') ~= ARGV[5] then return 0 end
        redis.call('HSET', KEYS[1], 'state', ARGV[1], 'result', ARGV[2])
        redis.call('RPUSH', KEYS[3], ARGV[3])
        local ms = tonumber(ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ms)
        redis.call('PEXPIRE', KEYS[3], ms)
        if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ms) end
        return 1
        """);

    /// <summary>KEYS: hash, approvers, events. Returns {doc, state, needed, result, {approvers}, {events}} or {}.</summary>
    public static readonly StoreScript Get = new("""
        local h = redis.call('HMGET', KEYS[1], 'doc', 'state', 'needed', 'result')
        if not h[1] then return {} end
        return {h[1], h[2], h[3], h[4] or '', redis.call('SMEMBERS', KEYS[2]), redis.call('LRANGE', KEYS[3], 0, -1)}
        """);

    /// <summary>
    /// KEYS: pending. ARGV: nowMs, max, approval key prefix, expiredEvent, retentionMs. Expires what is due and
    /// returns {expired ids, pending ids (soonest first)}.
    /// </summary>
    public static readonly StoreScript ListPending = new("""
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        local expired = {}
        for _, id in ipairs(due) do
          local h = ARGV[3] .. id
          if redis.call('HGET', h, 'state') == 'pending' then
            redis.call('HSET', h, 'state', 'expired')
            redis.call('RPUSH', h .. ':events', ARGV[4])
            redis.call('PEXPIRE', h, tonumber(ARGV[5]))
            redis.call('PEXPIRE', h .. ':events', tonumber(ARGV[5]))
            table.insert(expired, id)
          end
          redis.call('ZREM', KEYS[1], id)
        end
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'LIMIT', 0, tonumber(ARGV[2]))
        return {expired, ids}
        """);
}
