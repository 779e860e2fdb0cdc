//! The Lua scripts that make each step of the cluster atomic. Each touches the keys of one
//! partition, or of the cluster as a whole, never both, so that they run on Redis Cluster too.

use redis::Script;
use std::sync::LazyLock;

/// Takes or renews a lease. KEYS: lease, epoch. ARGV: holder, ttl (ms), the epoch the holder
/// knows (`0` when it holds nothing), and `1` when the caller has seen the lease unclaimed
/// for a whole lease period. Returns the epoch held; -1 when another holds it; -2 when it ran
/// out unreleased and the caller has not waited a lease period yet.
///
/// A holder whose lease ran out while nobody else took it (the epoch counter has not moved:
/// Redis was away, say) gets it back with the same epoch, so what it did meanwhile may still
/// be acknowledged; anyone else who takes a lease moves the epoch on, and the old holder's
/// acknowledgements are refused from then on. A lease given up on purpose (`free`) or never
/// held can be taken at once; one that ran out unreleased only after the caller saw it
/// unclaimed for a lease period, which leaves its holder (back after Redis was away) the
/// first chance to take it again.
pub(crate) static ACQUIRE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local current = redis.call('GET', KEYS[1])
if ARGV[3] ~= '0' and current == ARGV[1] .. ':' .. ARGV[3] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(ARGV[3])
end
if current and current ~= 'free' then return -1 end
if not current then
  local epoch = redis.call('GET', KEYS[2])
  if ARGV[3] ~= '0' and epoch == ARGV[3] then
    redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[3], 'PX', ARGV[2])
    return tonumber(ARGV[3])
  end
  if epoch and ARGV[4] ~= '1' then return -2 end
end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. epoch, 'PX', ARGV[2])
return epoch",
    )
});

/// Gives a lease up when it is still the holder's: it reads `free` for one lease period, and
/// anyone may take it at once. KEYS: lease. ARGV: `<holder>:<epoch>`, ttl (ms).
pub(crate) static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], 'free', 'PX', ARGV[2])
  return 1
end
return 0",
    )
});

/// Appends updates to a partition's log, skipping those appended before. KEYS: log, ids.
/// ARGV: the log's bound, how many ids to remember, then `id, body` pairs in order. Returns one
/// number per update: 1 appended, 0 a repeat, -1 not appended because the log is full (and
/// every later one of the call too, so that none overtakes it).
pub(crate) static APPEND: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local len = redis.call('XLEN', KEYS[1])
local max = tonumber(ARGV[1])
local out = {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[2], id) then
    out[#out + 1] = 0
  elseif len >= max then
    for _ = i, #ARGV, 2 do out[#out + 1] = -1 end
    return out
  else
    redis.call('XADD', KEYS[1], '*', 'u', id, 'b', ARGV[i + 1])
    redis.call('ZADD', KEYS[2], id, id)
    len = len + 1
    out[#out + 1] = 1
  end
end
local keep = tonumber(ARGV[2])
local remembered = redis.call('ZCARD', KEYS[2])
if remembered > keep then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, remembered - keep - 1) end
return out",
    )
});

/// Reads a partition's entries for its owner. KEYS: lease, log. ARGV: `<holder>:<epoch>`,
/// count, where from (`>` for new entries, an entry id for pending ones after it). Returns -1
/// when the lease is not the caller's, else the entries (`[id, [field, value, …]]`).
pub(crate) static READ: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local found = redis.call('XREADGROUP', 'GROUP', 'workers', 'owner', 'COUNT', ARGV[2], 'STREAMS', KEYS[2], ARGV[3])
if not found then return {} end
return found[1][2]",
    )
});

/// Marks entries handled: acknowledged and removed from the log in one step, and only under
/// the partition's lease. KEYS: lease, log, epoch. ARGV: `<holder>:<epoch>`, epoch, entry ids.
/// Returns how many were acknowledged, or -1 when another holder took the partition since
/// that epoch. A lease that merely ran out while nobody else took it (the epoch counter has
/// not moved: Redis was away, say) still counts: nobody else can have handled the entries.
pub(crate) static ACK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] and (current or redis.call('GET', KEYS[3]) ~= ARGV[2]) then return -1 end
local n = redis.call('XACK', KEYS[2], 'workers', unpack(ARGV, 3))
redis.call('XDEL', KEYS[2], unpack(ARGV, 3))
return n",
    )
});

/// A worker's heartbeat: drops workers whose heartbeat ran out, renews this one's, and returns
/// the live workers (in heartbeat order: sort them). KEYS: workers. ARGV: name, ttl (ms).
pub(crate) static HEARTBEAT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)",
    )
});

/// The most entry ids acknowledged by one call (Lua's `unpack` has a limit).
pub(crate) const ACK_CHUNK: usize = 500;
