//! Pacing outgoing messages under Telegram's flood limits, before Telegram has to say 429.
//!
//! A [`RateLimiter`] on the [`Bot`](crate::Bot) (set with
//! [`BotBuilder::rate_limiter`](crate::BotBuilder::rate_limiter)) holds every message-posting
//! call (`send*` but `sendChatAction`, `forward*`, `copy*`) until it fits the [`Limits`]: a
//! global window and one per chat, private chats and groups each with their own. A call posting
//! several messages (an album, `forwardMessages`, `copyMessages`) takes one place per message.
//! Other calls (answers to callback queries, edits, getters) are never queued behind sends. A
//! call whose chat is an `@username` is counted with the chat's numeric id (resolved once
//! with `getChat`).
//!
//! The windows are strict sliding windows, like Telegram's: at most `max` calls in *any*
//! interval of `per`. (A token bucket of the same average rate lets its burst through on top of
//! the rate and so overshoots such a window; PTB's limiter let groups exceed 20 a minute that
//! way.) Waiting calls go out by [`Priority`], then in arrival order; a call that would wait
//! longer than [`Limits::max_wait`] fails with [`Error::RateLimited`](crate::Error::RateLimited)
//! instead of hanging.
//!
//! A 429 that still happens pauses exactly its scope (the chat, or everything for a global
//! one) through the bot's [`RetryPolicy`](crate::RetryPolicy), which repeats the call.
//!
//! [`broadcast`] sends to many chats at the highest rate the limits allow and reports what
//! happened in each.

mod broadcast;
mod limits;
mod scheduler;
mod shared;

pub use broadcast::{BroadcastReport, Delivery, broadcast};
pub use limits::{Limits, Window};
pub use shared::{ChatWindow, SharedUnavailable, SharedWindows, Verdict};

use crate::ChatId;
use crate::poison::{MutexUnpoisoned, RwLockUnpoisoned};
use scheduler::{ChatClass, Scheduler};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// Which waiting call goes first when the limits let one through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Priority {
    /// Bulk sends ([`broadcast`] uses it): go when nothing else waits.
    Low,
    /// Replies and ordinary sends.
    #[default]
    Normal,
    /// Ahead of everything else.
    High,
}

tokio::task_local! {
    static PRIORITY: Priority;
}

/// Runs `future` with its message-posting calls queued at `priority`.
///
/// ```
/// # async fn demo(bot: telebot_client::Bot) -> Result<(), telebot_client::Error> {
/// use telebot_client::ratelimit::{Priority, with_priority};
/// with_priority(Priority::Low, async {
///     bot.send_message(42, "newsletter").await
/// }).await?;
/// # Ok(()) }
/// ```
pub async fn with_priority<F: Future>(priority: Priority, future: F) -> F::Output {
    PRIORITY.scope(priority, future).await
}

/// The priority of the calling task.
pub(crate) fn current_priority() -> Priority {
    PRIORITY.try_with(|p| *p).unwrap_or_default()
}

/// Whether a call to `method` posts a message and so is paced.
pub fn is_paced(method: &str) -> bool {
    let lower = method.to_ascii_lowercase();
    (lower.starts_with("send") && lower != "sendchataction")
        || lower.starts_with("forward")
        || lower.starts_with("copy")
}

/// How many messages a paced call posts, each taking its own place in the windows: the items
/// of an album (`sendMediaGroup`'s `media`), the ids of `forwardMessages` and `copyMessages`;
/// one for any other call.
pub(crate) fn messages_in(method: &str, body: &crate::encode::Body) -> u32 {
    let items = match method.to_ascii_lowercase().as_str() {
        "sendmediagroup" => "media",
        "forwardmessages" | "copymessages" => "message_ids",
        _ => return 1,
    };
    let count = |value: &serde_json::Value| value.as_array().map(Vec::len);
    let n = match body {
        crate::encode::Body::Json(json) => serde_json::from_slice::<serde_json::Value>(json)
            .ok()
            .and_then(|v| v.get(items).and_then(count)),
        crate::encode::Body::Multipart { fields, .. } => fields
            .iter()
            .find(|(name, _)| name == items)
            .and_then(|(_, value)| serde_json::from_str::<serde_json::Value>(value).ok())
            .and_then(|v| count(&v)),
    };
    n.map_or(1, |n| u32::try_from(n.max(1)).unwrap_or(u32::MAX))
}

/// Paces a bot's message-posting calls (see the [module docs](self)). Cheap to clone; clones
/// share the windows.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<LimiterInner>,
}

struct LimiterInner {
    limits: Limits,
    scheduler: Scheduler,
    usernames: Mutex<HashMap<String, i64>>,
    /// Windows shared with other instances, if any.
    shared: std::sync::RwLock<Option<Arc<dyn SharedWindows>>>,
    /// Used while the shared windows cannot be reached: this process's share of the limits.
    fallback: Mutex<Option<(usize, Arc<Scheduler>)>>,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new(Limits::default())
    }
}

impl From<Limits> for RateLimiter {
    fn from(limits: Limits) -> Self {
        RateLimiter::new(limits)
    }
}

impl RateLimiter {
    /// A limiter enforcing `limits`.
    pub fn new(limits: Limits) -> Self {
        RateLimiter {
            inner: Arc::new(LimiterInner {
                limits,
                scheduler: Scheduler::new(limits),
                usernames: Mutex::new(HashMap::new()),
                shared: std::sync::RwLock::new(None),
                fallback: Mutex::new(None),
            }),
        }
    }

    /// The limits enforced.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Keeps the windows in `shared` too, so that every instance of the bot that shares them
    /// stays within the limits together (see [`SharedWindows`]). Clones of this limiter share
    /// the setting; `None` goes back to this process's windows alone.
    pub fn share_windows(&self, shared: Option<Arc<dyn SharedWindows>>) {
        *self.inner.shared.write_unpoisoned() = shared;
    }

    /// Where the windows are shared, if they are.
    pub fn shared_with(&self) -> Option<String> {
        self.shared().map(|s| s.describe())
    }

    fn shared(&self) -> Option<Arc<dyn SharedWindows>> {
        self.inner.shared.read_unpoisoned().clone()
    }

    /// A 429 paused `chat` (`None`: everything) for `wait`: tells the other instances.
    pub(crate) async fn paused(&self, chat: Option<i64>, wait: std::time::Duration) {
        if let Some(shared) = self.shared() {
            shared.pause(chat, wait).await;
        }
    }

    /// The numeric id learnt for `@username`, if any.
    pub(crate) fn known_username(&self, username: &str) -> Option<i64> {
        self.inner
            .usernames
            .lock_unpoisoned()
            .get(&username.to_ascii_lowercase())
            .copied()
    }

    /// Remembers that `@username` is chat `id`.
    pub(crate) fn learn_username(&self, username: &str, id: i64) {
        self.inner
            .usernames
            .lock_unpoisoned()
            .insert(username.to_ascii_lowercase(), id);
    }

    /// Waits until a message-posting call to `chat` fits the limits, and counts it. `Err` holds
    /// how long it waited when the wait budget ran out first.
    pub(crate) async fn acquire(
        &self,
        chat: Option<&ChatId>,
        messages: u32,
    ) -> Result<(), std::time::Duration> {
        let class = chat.map(|chat| match chat {
            ChatId::Id(id) if *id > 0 => (*id, ChatClass::Private),
            ChatId::Id(id) => (*id, ChatClass::Group),
            // Unresolved usernames are public chats: groups or channels.
            ChatId::Username(name) => (username_key(name), ChatClass::Group),
        });
        let started = tokio::time::Instant::now();
        let max_wait = self.inner.limits.max_wait;
        self.inner
            .scheduler
            .acquire(class, messages, current_priority(), max_wait)
            .await?;
        let Some(shared) = self.shared() else {
            return Ok(());
        };
        let window = class.map(|(id, class)| match class {
            ChatClass::Private => ChatWindow::Private(id),
            ChatClass::Group => ChatWindow::Group(id),
        });
        // One place per message in the shared windows too; the call goes at the last one's.
        let mut left_to_take = messages.max(1);
        let mut go_after = std::time::Duration::ZERO;
        loop {
            match shared.try_take(window, &self.inner.limits).await {
                Ok(Verdict::Go(after)) => {
                    self.recovered();
                    go_after = go_after.max(after);
                    left_to_take -= 1;
                    if left_to_take > 0 {
                        continue;
                    }
                    if !go_after.is_zero() {
                        tokio::time::sleep(go_after).await;
                    }
                    return Ok(());
                }
                Ok(Verdict::Retry(wait)) => {
                    if started.elapsed() + wait > max_wait {
                        return Err(started.elapsed());
                    }
                    tokio::time::sleep(wait).await;
                }
                Err(unavailable) => {
                    let fallback = self.fallback(&*shared, &unavailable);
                    let left = max_wait.saturating_sub(started.elapsed());
                    return fallback
                        .acquire(class, left_to_take, current_priority(), left)
                        .await
                        .map_err(|_| started.elapsed());
                }
            }
        }
    }

    /// This process's share of the limits, while the shared windows cannot be reached.
    fn fallback(&self, shared: &dyn SharedWindows, why: &SharedUnavailable) -> Arc<Scheduler> {
        let instances = shared.instances().max(1);
        let mut fallback = self.inner.fallback.lock_unpoisoned();
        match &*fallback {
            Some((n, scheduler)) if *n == instances => Arc::clone(scheduler),
            _ => {
                let limits = shared::divided(self.inner.limits, instances);
                tracing::warn!(
                    error = %why,
                    instances,
                    "flood control falls back to this instance's share of the limits ({limits})"
                );
                let scheduler = Arc::new(Scheduler::new(limits));
                *fallback = Some((instances, Arc::clone(&scheduler)));
                scheduler
            }
        }
    }

    /// The shared windows answer again.
    fn recovered(&self) {
        let mut fallback = self.inner.fallback.lock_unpoisoned();
        if fallback.take().is_some() {
            tracing::info!("flood control uses the shared windows again");
        }
    }
}

/// A stable key for a username that could not be resolved (kept apart from real ids, which
/// stay far below it in magnitude).
fn username_key(name: &str) -> i64 {
    let hash = name
        .to_ascii_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    i64::MIN + (hash >> 8) as i64
}

#[cfg(test)]
mod shared_tests {
    use super::*;
    use futures_util::future::BoxFuture;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;
    use tokio::time::Instant;

    /// Shared windows that cannot be reached, among `instances` instances.
    struct Unreachable {
        instances: usize,
        asked: AtomicUsize,
    }

    impl SharedWindows for Unreachable {
        fn try_take<'a>(
            &'a self,
            _chat: Option<ChatWindow>,
            _limits: &'a Limits,
        ) -> BoxFuture<'a, Result<Verdict, SharedUnavailable>> {
            self.asked.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Err(SharedUnavailable("connection refused".into())) })
        }

        fn pause(&self, _chat: Option<i64>, _wait: Duration) -> BoxFuture<'_, ()> {
            Box::pin(async {})
        }

        fn instances(&self) -> usize {
            self.instances
        }

        fn describe(&self) -> String {
            "nowhere".into()
        }
    }

    /// Shared windows that hand out a fixed verdict.
    struct Scheduled(Verdict);

    impl SharedWindows for Scheduled {
        fn try_take<'a>(
            &'a self,
            _chat: Option<ChatWindow>,
            _limits: &'a Limits,
        ) -> BoxFuture<'a, Result<Verdict, SharedUnavailable>> {
            let verdict = self.0;
            Box::pin(async move { Ok(verdict) })
        }

        fn pause(&self, _chat: Option<i64>, _wait: Duration) -> BoxFuture<'_, ()> {
            Box::pin(async {})
        }

        fn instances(&self) -> usize {
            1
        }

        fn describe(&self) -> String {
            "a schedule".into()
        }
    }

    fn limits() -> Limits {
        Limits {
            global: Window::new(6, Duration::from_secs(1)),
            private_chat: Window::new(100, Duration::from_secs(1)),
            group: Window::new(100, Duration::from_secs(1)),
            max_wait: Duration::from_secs(60),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn without_the_shared_windows_each_instance_keeps_to_its_share() {
        let limiter = RateLimiter::new(limits());
        let shared = Arc::new(Unreachable {
            instances: 3,
            asked: AtomicUsize::new(0),
        });
        limiter.share_windows(Some(shared.clone()));
        let start = Instant::now();
        // A third of 6 a second: 2 go at once, the next two a second later, and so on.
        for _ in 0..6 {
            limiter.acquire(None, 1).await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        assert_eq!(
            shared.asked.load(Ordering::SeqCst),
            6,
            "the shared windows were asked first"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_given_by_the_shared_windows_is_waited_for() {
        let limiter = RateLimiter::new(limits());
        limiter.share_windows(Some(Arc::new(Scheduled(Verdict::Go(
            Duration::from_millis(700),
        )))));
        let start = Instant::now();
        limiter.acquire(None, 1).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(700));
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_beyond_the_budget_fails_at_once() {
        let limiter = RateLimiter::new(limits().max_wait(Duration::from_secs(5)));
        limiter.share_windows(Some(Arc::new(Scheduled(Verdict::Retry(
            Duration::from_secs(10),
        )))));
        let start = Instant::now();
        assert!(limiter.acquire(None, 1).await.is_err());
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
