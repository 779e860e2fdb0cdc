//! The limits a [`RateLimiter`](super::RateLimiter) keeps to.

use std::time::Duration;

/// At most `max` calls in any interval of length `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// How many calls.
    pub max: u32,
    /// In how long.
    pub per: Duration,
}

impl Window {
    /// `max` calls per `per`.
    pub const fn new(max: u32, per: Duration) -> Window {
        Window { max, per }
    }
}

impl std::fmt::Display for Window {
    /// `20 per 61.2s`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} per {:?}", self.max, self.per)
    }
}

impl std::fmt::Display for Limits {
    /// One line for the startup report: every window and the wait budget.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} in all, {} per private chat, {} per group or channel; a call waits at most {:?}",
            self.global, self.private_chat, self.group, self.max_wait
        )
    }
}

/// The windows the limiter keeps to, and how long a call may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Across all chats.
    pub global: Window,
    /// Per private chat.
    pub private_chat: Window,
    /// Per group, supergroup or channel.
    pub group: Window,
    /// A call that would wait longer fails with
    /// [`Error::RateLimited`](crate::Error::RateLimited).
    pub max_wait: Duration,
}

/// Headroom on every window, so that calls that leave evenly spaced still arrive within
/// Telegram's window after network jitter.
const HEADROOM_PERCENT: u32 = 2;

fn with_headroom(per: Duration) -> Duration {
    per + per * HEADROOM_PERCENT / 100
}

impl Default for Limits {
    /// [`Limits::telegram`].
    fn default() -> Self {
        Limits::telegram()
    }
}

impl Limits {
    /// Telegram's published limits (30 messages a second in all; a private chat one a second
    /// with bursts of 3; a group 20 a minute), each window 2% longer for network jitter; calls
    /// wait at most 5 minutes.
    pub fn telegram() -> Limits {
        Limits {
            global: Window::new(30, with_headroom(Duration::from_secs(1))),
            private_chat: Window::new(3, with_headroom(Duration::from_secs(3))),
            group: Window::new(20, with_headroom(Duration::from_secs(60))),
            max_wait: Duration::from_secs(300),
        }
    }

    /// Limits for a bot with paid broadcasts enabled: up to `per_second` messages a second in
    /// all (Telegram allows up to 1000), the per-chat limits unchanged.
    pub fn paid_broadcasts(per_second: u32) -> Limits {
        Limits {
            global: Window::new(per_second.max(1), with_headroom(Duration::from_secs(1))),
            ..Limits::telegram()
        }
    }

    /// The same counts in windows `factor` times shorter (for tests of a faster world).
    pub fn time_scaled(self, factor: u32) -> Limits {
        let factor = factor.max(1);
        let scale = |w: Window| Window::new(w.max, w.per / factor);
        Limits {
            global: scale(self.global),
            private_chat: scale(self.private_chat),
            group: scale(self.group),
            max_wait: self.max_wait / factor,
        }
    }

    /// The wait budget.
    pub fn max_wait(mut self, wait: Duration) -> Limits {
        self.max_wait = wait;
        self
    }
}
