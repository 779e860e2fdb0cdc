//! Windows kept outside this process, so that several instances of one bot together stay
//! within Telegram's limits (the `telebot` crate's cluster keeps them in Redis).
//!
//! A [`RateLimiter`](super::RateLimiter) with [`SharedWindows`] first lets a call through its
//! own windows (priorities and arrival order are kept per process), then counts it in the
//! shared ones, waiting there as long as they say. A 429 that still happens pauses its scope
//! for every instance. When the shared store cannot be reached, the limiter falls back to its
//! own windows with each limit divided by the number of instances, and says so once.

use super::limits::{Limits, Window};
use futures_util::future::BoxFuture;
use std::time::Duration;

/// Which of a chat's windows a call counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChatWindow {
    /// A private chat's.
    Private(i64),
    /// A group's, supergroup's or channel's.
    Group(i64),
}

impl ChatWindow {
    /// The chat's id.
    pub fn id(self) -> i64 {
        match self {
            ChatWindow::Private(id) | ChatWindow::Group(id) => id,
        }
    }

    /// The window `limits` give this chat.
    pub fn window(self, limits: &Limits) -> Window {
        match self {
            ChatWindow::Private(_) => limits.private_chat,
            ChatWindow::Group(_) => limits.group,
        }
    }
}

/// What the shared windows say about one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Counted: send after this delay (zero: at once). The slot is the caller's.
    Go(Duration),
    /// Not counted: ask again after this long.
    Retry(Duration),
}

/// The shared store could not be asked.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the shared flood-control windows cannot be reached: {0}")]
pub struct SharedUnavailable(pub String);

/// Flood-control windows and 429 pauses shared by several instances of one bot.
pub trait SharedWindows: Send + Sync + 'static {
    /// Counts one message-posting call (to `chat`, if it has one), reserving it a moment that
    /// fits the windows; or, when a pause or the chat's window holds it back, says how long to
    /// wait before asking again.
    fn try_take<'a>(
        &'a self,
        chat: Option<ChatWindow>,
        limits: &'a Limits,
    ) -> BoxFuture<'a, Result<Verdict, SharedUnavailable>>;

    /// Telegram answered 429 for `chat` (`None`: for everything): every instance holds that
    /// scope back for `wait`.
    fn pause(&self, chat: Option<i64>, wait: Duration) -> BoxFuture<'_, ()>;

    /// How many instances share the windows now (at least 1): the fallback divides each limit
    /// by it.
    fn instances(&self) -> usize;

    /// Where the windows are kept, for the startup report (no password).
    fn describe(&self) -> String;
}

/// `limits` with each window's count divided by `instances` (at least 1 each).
pub(crate) fn divided(limits: Limits, instances: usize) -> Limits {
    let n = u32::try_from(instances.max(1)).unwrap_or(u32::MAX);
    let part = |w: Window| Window::new((w.max / n).max(1), w.per);
    Limits {
        global: part(limits.global),
        private_chat: part(limits.private_chat),
        group: part(limits.group),
        max_wait: limits.max_wait,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_gives_each_instance_its_share() {
        let limits = Limits::telegram();
        let third = divided(limits, 3);
        assert_eq!(third.global.max, 10);
        assert_eq!(third.private_chat.max, 1);
        assert_eq!(third.group.max, 6);
        assert_eq!(third.global.per, limits.global.per);
        assert_eq!(divided(limits, 100).private_chat.max, 1, "never below one");
    }
}
