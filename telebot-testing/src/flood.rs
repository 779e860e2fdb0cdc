//! The flood simulator: Telegram's sending limits enforced as strict sliding windows, answering
//! `429 Too Many Requests` with a computed `retry_after` and counting every violation.
//!
//! Counted calls are those that post messages: `send*` (but `sendChatAction`), `forward*` and
//! `copy*`. Each is checked against the global window and its chat's window (private chats and
//! groups have different ones; channels count as groups); `@username` and the numeric id are the
//! same chat. A refused call has no effect and does not use up the windows.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;
use tokio::time::Instant;

pub use crate::ratelimit::Window;

use super::core::Core;
use super::request::Params;
use super::state::ChatKind;

/// The limits the simulator enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloodLimits {
    /// Across all chats.
    pub global: Window,
    /// Per private chat.
    pub private_chat: Window,
    /// Per group, supergroup or channel.
    pub group: Window,
}

impl FloodLimits {
    /// Telegram's published limits, read strictly: 30 messages a second in all, a private chat
    /// one a second with bursts of 3 (3 in any 3 s), a group 20 a minute.
    pub const fn telegram() -> FloodLimits {
        FloodLimits {
            global: Window::new(30, Duration::from_secs(1)),
            private_chat: Window::new(3, Duration::from_secs(3)),
            group: Window::new(20, Duration::from_secs(60)),
        }
    }

    /// The same counts in windows `factor` times shorter: the limits of a faster world, for
    /// tests that would otherwise take minutes.
    pub fn time_scaled(self, factor: u32) -> FloodLimits {
        let scale = |w: Window| Window::new(w.max, w.per / factor.max(1));
        FloodLimits {
            global: scale(self.global),
            private_chat: scale(self.private_chat),
            group: scale(self.group),
        }
    }
}

/// What the simulator saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FloodStats {
    /// Counted calls let through.
    pub accepted: u64,
    /// Counted calls refused with 429.
    pub violations: u64,
    /// Refusals because of the global window.
    pub global_violations: u64,
    /// Refusals because of a chat's window, by chat id.
    pub chat_violations: BTreeMap<i64, u64>,
    /// Accepted calls by chat id.
    pub accepted_by_chat: BTreeMap<i64, u64>,
}

/// The simulator's state.
#[derive(Debug)]
pub(crate) struct FloodSim {
    limits: FloodLimits,
    global: VecDeque<Instant>,
    chats: HashMap<i64, VecDeque<Instant>>,
    pub(crate) stats: FloodStats,
}

/// Whether a call to `method` (canonical name) posts a message and so counts.
pub(crate) fn counts(method: &str) -> bool {
    // The same calls the rate limiter paces, so the two count alike.
    crate::ratelimit::is_paced(method)
}

/// Drops the times that left the window; the wait until one more call fits, if it does not.
fn wait_for(log: &mut VecDeque<Instant>, window: Window, now: Instant) -> Option<Duration> {
    while log
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= window.per)
    {
        log.pop_front();
    }
    if log.len() < window.max as usize {
        return None;
    }
    // The oldest call in the window has to leave it before one more fits.
    let oldest = log[log.len() - window.max as usize];
    Some((oldest + window.per).saturating_duration_since(now))
}

impl FloodSim {
    pub(crate) fn new(limits: FloodLimits) -> FloodSim {
        FloodSim {
            limits,
            global: VecDeque::new(),
            chats: HashMap::new(),
            stats: FloodStats::default(),
        }
    }

    /// Lets a counted call to `chat` through, or says how many whole seconds to wait.
    pub(crate) fn admit(&mut self, chat: Option<(i64, ChatKind)>, now: Instant) -> Result<(), u32> {
        let global_wait = wait_for(&mut self.global, self.limits.global, now);
        let chat_wait = chat.and_then(|(id, kind)| {
            let window = match kind {
                ChatKind::Private => self.limits.private_chat,
                _ => self.limits.group,
            };
            wait_for(self.chats.entry(id).or_default(), window, now)
        });
        if global_wait.is_none() && chat_wait.is_none() {
            self.global.push_back(now);
            if let Some((id, _)) = chat {
                self.chats.entry(id).or_default().push_back(now);
                *self.stats.accepted_by_chat.entry(id).or_default() += 1;
            }
            self.stats.accepted += 1;
            return Ok(());
        }
        self.stats.violations += 1;
        match (chat, chat_wait) {
            (Some((id, _)), Some(_)) => *self.stats.chat_violations.entry(id).or_default() += 1,
            _ => self.stats.global_violations += 1,
        }
        let wait = global_wait.max(chat_wait).unwrap_or_default();
        Err(whole_seconds(wait))
    }
}

/// The `retry_after` for a call the simulator refuses, if it is on and refuses it.
pub(crate) fn refusal(core: &Core, method: &str, params: &Params) -> Option<u32> {
    if !counts(method) {
        return None;
    }
    let mut state = core.lock();
    let chat = state
        .resolve_chat(params.map.get("chat_id"), "chat_id")
        .ok()
        .and_then(|id| state.chat(id).ok().map(|chat| (id, chat.kind)));
    let sim = state.flood.as_mut()?;
    sim.admit(chat, Instant::now()).err()
}

/// Telegram announces whole seconds, at least one.
fn whole_seconds(wait: Duration) -> u32 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.clamp(1, u64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: Instant, ms: u64) -> Instant {
        start + Duration::from_millis(ms)
    }

    #[test]
    fn a_private_chat_gets_three_in_any_three_seconds() {
        let mut sim = FloodSim::new(FloodLimits::telegram());
        let t = Instant::now();
        let chat = Some((1, ChatKind::Private));
        for ms in [0, 10, 20] {
            assert_eq!(sim.admit(chat, at(t, ms)), Ok(()));
        }
        assert_eq!(
            sim.admit(chat, at(t, 1500)),
            Err(2),
            "1.5 s until the first leaves"
        );
        assert_eq!(sim.admit(Some((2, ChatKind::Private)), at(t, 1500)), Ok(()));
        assert_eq!(sim.admit(chat, at(t, 3000)), Ok(()));
        assert_eq!(sim.stats.violations, 1);
        assert_eq!(sim.stats.chat_violations.get(&1), Some(&1));
        assert_eq!(sim.stats.accepted, 5);
    }

    #[test]
    fn groups_get_twenty_a_minute_and_everyone_thirty_a_second() {
        let mut sim = FloodSim::new(FloodLimits::telegram());
        let t = Instant::now();
        let group = Some((-5, ChatKind::Supergroup));
        for n in 0..20 {
            assert_eq!(sim.admit(group, at(t, n * 100)), Ok(()));
        }
        assert_eq!(sim.admit(group, at(t, 30_000)), Err(30));
        let mut refused_globally = 0;
        for n in 0..40 {
            if sim
                .admit(Some((100 + n, ChatKind::Private)), at(t, 40_000))
                .is_err()
            {
                refused_globally += 1;
            }
        }
        assert_eq!(refused_globally, 10);
        assert_eq!(sim.stats.global_violations, 10);
    }

    #[test]
    fn only_message_posting_methods_count() {
        assert!(counts("sendMessage") && counts("copyMessages") && counts("forwardMessage"));
        assert!(!counts("sendChatAction") && !counts("getMe") && !counts("answerCallbackQuery"));
    }

    #[test]
    fn scaled_limits_keep_their_counts() {
        let fast = FloodLimits::telegram().time_scaled(10);
        assert_eq!(fast.group, Window::new(20, Duration::from_secs(6)));
        assert_eq!(fast.global, Window::new(30, Duration::from_millis(100)));
    }
}
