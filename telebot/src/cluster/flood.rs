//! Flood control across instances: the rate limiter's windows and 429 pauses in Redis (on
//! Redis's clock, one for all instances), checked and written by one script, so that N
//! instances together stay within Telegram's limits.

use super::connection::Redis;
use super::keys::Keys;
use crate::ratelimit::{ChatWindow, Limits, SharedUnavailable, SharedWindows, Verdict};
use futures_util::future::BoxFuture;
use redis::Script;
use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// Counts one send. KEYS: the global schedule, the chat's window, the global pause, the chat's
/// pause. ARGV: global max, global per (ms), chat max, chat per (ms), a unique member, `1` when
/// the call has a chat. Returns `{1, ms}`: counted, send in `ms`; or `{0, ms}`: a pause or the
/// chat's window holds it back, ask again in `ms`.
///
/// The global window is kept as a schedule of evenly spaced moments (one every `per / max`,
/// the generic cell rate algorithm): each call takes the next free moment. Evenly spaced sends
/// leave every window of Telegram's a little slack for the few milliseconds by which calls of
/// different instances arrive apart from when they were counted; bursts that fill a window at
/// once and the next at its very edge would not. A chat's window is a strict sliding window of
/// the moments its calls were given.
static TAKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local wait = redis.call('PTTL', KEYS[3])
if wait > 0 then return {0, wait} end
local has_chat = ARGV[6] == '1'
if has_chat then
  wait = redis.call('PTTL', KEYS[4])
  if wait > 0 then return {0, wait} end
end
local gmax, gper = tonumber(ARGV[1]), tonumber(ARGV[2])
local at = tonumber(redis.call('GET', KEYS[1]) or '0')
if at < now then at = now end
local cmax, cper = tonumber(ARGV[3]), tonumber(ARGV[4])
if has_chat then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', at - cper)
  local n = redis.call('ZCARD', KEYS[2])
  if n >= cmax then
    local oldest = redis.call('ZRANGE', KEYS[2], n - cmax, n - cmax, 'WITHSCORES')
    return {0, math.max(1, math.ceil(tonumber(oldest[2]) + cper - now))}
  end
  redis.call('ZADD', KEYS[2], at, ARGV[5])
  redis.call('PEXPIRE', KEYS[2], math.ceil(at - now + cper))
end
redis.call('SET', KEYS[1], tostring(at + gper / gmax), 'PX', math.ceil(at - now + gper))
return {1, math.ceil(at - now)}",
    )
});

/// Holds a scope back for ARGV[1] ms unless a longer pause is in force. KEYS: the pause.
static PAUSE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1",
    )
});

/// The windows of one cluster in its Redis.
pub(crate) struct RedisWindows {
    pub(crate) redis: Redis,
    pub(crate) keys: Keys,
    pub(crate) holder: String,
    /// The live workers, as the worker's heartbeat last saw them.
    pub(crate) instances: Arc<AtomicUsize>,
    pub(crate) next: AtomicU64,
    /// Added to every window: how far apart calls of different instances may arrive from
    /// when they were counted ([`Cluster::flood_margin`](super::Cluster::flood_margin)).
    pub(crate) margin: Duration,
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl SharedWindows for RedisWindows {
    fn try_take<'a>(
        &'a self,
        chat: Option<ChatWindow>,
        limits: &'a Limits,
    ) -> BoxFuture<'a, Result<Verdict, SharedUnavailable>> {
        Box::pin(async move {
            let window = chat.map(|c| c.window(limits));
            let member = format!(
                "{}/{}",
                self.holder,
                self.next.fetch_add(1, Ordering::Relaxed)
            );
            let chat_id = chat.map_or(0, ChatWindow::id);
            let answer: Result<(u8, u64), _> = TAKE
                .key(self.keys.flood("global"))
                .key(self.keys.flood(&format!("chat:{chat_id}")))
                .key(self.keys.flood("pause:global"))
                .key(self.keys.flood(&format!("pause:{chat_id}")))
                .arg(limits.global.max.max(1))
                .arg(millis(limits.global.per + self.margin))
                .arg(window.map_or(1, |w| w.max.max(1)))
                .arg(window.map_or(1, |w| millis(w.per + self.margin)))
                .arg(member)
                .arg(if chat.is_some() { "1" } else { "0" })
                .invoke_async(&mut self.redis.conn())
                .await;
            match answer {
                Ok((1, ms)) => Ok(Verdict::Go(Duration::from_millis(ms))),
                Ok((_, ms)) => Ok(Verdict::Retry(Duration::from_millis(ms.max(1)))),
                Err(e) => Err(SharedUnavailable(format!(
                    "{} ({})",
                    e,
                    self.redis.server()
                ))),
            }
        })
    }

    fn pause(&self, chat: Option<i64>, wait: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let key = match chat {
                Some(id) => self.keys.flood(&format!("pause:{id}")),
                None => self.keys.flood("pause:global"),
            };
            let answer: Result<i64, _> = PAUSE
                .key(key)
                .arg(millis(wait))
                .invoke_async(&mut self.redis.conn())
                .await;
            if let Err(error) = answer {
                tracing::warn!(%error, "a 429 pause could not be shared with the other instances");
            }
        })
    }

    fn instances(&self) -> usize {
        self.instances.load(Ordering::Relaxed).max(1)
    }

    fn describe(&self) -> String {
        format!(
            "Redis at {} (namespace {})",
            self.redis.server(),
            self.keys.namespace()
        )
    }
}
