//! The queue of calls waiting for the limits: strict sliding windows, by priority, then in
//! arrival order.

use super::Priority;
use super::limits::{Limits, Window};
use crate::poison::MutexUnpoisoned;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::Instant;

/// Which per-chat window a chat has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChatClass {
    Private,
    Group,
}

/// Waiting order: higher priority first, then earlier arrival.
type Ticket = (Reverse<Priority>, u64);

struct Waiter {
    chat: Option<(i64, ChatClass)>,
    /// Places the call takes in each window: the messages it posts.
    messages: u32,
    granted: oneshot::Sender<()>,
}

struct State {
    /// Send times within the global window, oldest first.
    global: VecDeque<Instant>,
    /// Send times within each chat's window.
    chats: HashMap<i64, VecDeque<Instant>>,
    waiting: BTreeMap<Ticket, Waiter>,
    next_ticket: u64,
    dispatches: u64,
}

pub(crate) struct Scheduler {
    limits: Limits,
    state: Mutex<State>,
}

/// Forgets send times that left the window.
fn prune(log: &mut VecDeque<Instant>, per: Duration, now: Instant) {
    while log
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= per)
    {
        log.pop_front();
    }
}

/// When `n` more messages fit a window; `None` when they fit now. More than the window holds
/// fit only an empty window (as Telegram takes a whole album at once).
fn free_at(log: &VecDeque<Instant>, window: Window, n: u32) -> Option<Instant> {
    let max = window.max.max(1) as usize;
    let n = n.max(1) as usize;
    let room = max.saturating_sub(log.len());
    if n <= room || log.is_empty() {
        return None;
    }
    let leaving = (n - room).min(log.len());
    Some(log[leaving - 1] + window.per)
}

fn earliest(a: Option<Instant>, b: Instant) -> Option<Instant> {
    Some(a.map_or(b, |a| a.min(b)))
}

impl Scheduler {
    pub(crate) fn new(limits: Limits) -> Scheduler {
        Scheduler {
            limits,
            state: Mutex::new(State {
                global: VecDeque::new(),
                chats: HashMap::new(),
                waiting: BTreeMap::new(),
                next_ticket: 0,
                dispatches: 0,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock_unpoisoned()
    }

    fn window(&self, class: ChatClass) -> Window {
        match class {
            ChatClass::Private => self.limits.private_chat,
            ChatClass::Group => self.limits.group,
        }
    }

    /// Lets through every waiting call that fits now, in order; returns when the next one may.
    fn dispatch(&self, state: &mut State, now: Instant) -> Option<Instant> {
        state.dispatches += 1;
        if state.dispatches.is_multiple_of(1024) {
            let per = self.limits.private_chat.per.max(self.limits.group.per);
            state.chats.retain(|_, log| {
                prune(log, per, now);
                !log.is_empty()
            });
        }
        prune(&mut state.global, self.limits.global.per, now);
        let mut next = None;
        let mut done = Vec::new();
        for (ticket, waiter) in &state.waiting {
            if waiter.granted.is_closed() {
                // The caller gave up (its future was dropped): no slot for it.
                done.push(*ticket);
                continue;
            }
            let n = waiter.messages.max(1);
            if let Some(at) = free_at(&state.global, self.limits.global, n) {
                next = earliest(next, at);
                break;
            }
            if let Some((id, class)) = waiter.chat {
                let window = self.window(class);
                let log = state.chats.entry(id).or_default();
                prune(log, window.per, now);
                if let Some(at) = free_at(log, window, n) {
                    next = earliest(next, at);
                    continue;
                }
                log.extend(std::iter::repeat_n(now, n as usize));
            }
            state.global.extend(std::iter::repeat_n(now, n as usize));
            done.push(*ticket);
        }
        for ticket in done {
            if let Some(waiter) = state.waiting.remove(&ticket) {
                let _ = waiter.granted.send(());
            }
        }
        next
    }

    /// Waits for places for a call posting `messages` messages to `chat`; `Err(waited)` when
    /// `max_wait` ran out first.
    pub(crate) async fn acquire(
        &self,
        chat: Option<(i64, ChatClass)>,
        messages: u32,
        priority: Priority,
        max_wait: Duration,
    ) -> Result<(), Duration> {
        let start = Instant::now();
        let deadline = start + max_wait;
        let (granted, mut rx) = oneshot::channel();
        let (ticket, mut wake) = {
            let mut state = self.lock();
            let ticket = (Reverse(priority), state.next_ticket);
            state.next_ticket += 1;
            state.waiting.insert(
                ticket,
                Waiter {
                    chat,
                    messages,
                    granted,
                },
            );
            let wake = self.dispatch(&mut state, start);
            (ticket, wake)
        };
        loop {
            let until = wake.map_or(deadline, |at| at.min(deadline));
            tokio::select! {
                biased;
                result = &mut rx => return result.map_err(|_| start.elapsed()),
                () = tokio::time::sleep_until(until) => {
                    let now = Instant::now();
                    let mut state = self.lock();
                    if !state.waiting.contains_key(&ticket) {
                        // Granted by another caller's dispatch; the signal is in `rx`.
                        continue;
                    }
                    wake = self.dispatch(&mut state, now);
                    if state.waiting.contains_key(&ticket) && now >= deadline {
                        state.waiting.remove(&ticket);
                        return Err(now - start);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn limits() -> Limits {
        Limits {
            global: Window::new(4, Duration::from_secs(1)),
            private_chat: Window::new(2, Duration::from_secs(2)),
            group: Window::new(3, Duration::from_secs(60)),
            max_wait: Duration::from_secs(30),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_chat_window_holds_only_that_chat() {
        let scheduler = Scheduler::new(limits());
        let start = Instant::now();
        let a = Some((1, ChatClass::Private));
        for _ in 0..2 {
            scheduler
                .acquire(a, 1, Priority::Normal, Duration::MAX / 4)
                .await
                .unwrap();
        }
        assert_eq!(Instant::now(), start, "two fit at once");
        scheduler
            .acquire(
                Some((2, ChatClass::Private)),
                1,
                Priority::Normal,
                Duration::from_secs(1),
            )
            .await
            .unwrap();
        assert_eq!(Instant::now(), start, "another chat is not held");
        scheduler
            .acquire(a, 1, Priority::Normal, Duration::from_secs(10))
            .await
            .unwrap();
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(2),
            "the third waits for the window"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_global_window_paces_everyone_and_priority_goes_first() {
        let one_a_second = Limits {
            global: Window::new(1, Duration::from_secs(1)),
            ..limits()
        };
        let scheduler = Arc::new(Scheduler::new(one_a_second));
        let start = Instant::now();
        scheduler
            .acquire(
                Some((100, ChatClass::Private)),
                1,
                Priority::Normal,
                Duration::ZERO,
            )
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for (n, priority) in [(0, Priority::Low), (1, Priority::Low), (2, Priority::High)] {
            let scheduler = Arc::clone(&scheduler);
            tasks.push(tokio::spawn(async move {
                scheduler
                    .acquire(
                        Some((n, ChatClass::Private)),
                        1,
                        priority,
                        Duration::from_secs(9),
                    )
                    .await
                    .unwrap();
                (n, Instant::now() - start)
            }));
            tokio::task::yield_now().await;
        }
        let mut sent = Vec::new();
        for task in tasks {
            sent.push(task.await.unwrap());
        }
        sent.sort_by_key(|(_, at)| *at);
        let secs = |s: u64| Duration::from_secs(s);
        assert_eq!(sent, [(2, secs(1)), (0, secs(2)), (1, secs(3))]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_past_the_wait_budget_fails_and_frees_its_place() {
        let scheduler = Scheduler::new(limits());
        let group = Some((-5, ChatClass::Group));
        for _ in 0..3 {
            scheduler
                .acquire(group, 1, Priority::Normal, Duration::from_secs(1))
                .await
                .unwrap();
        }
        let waited = scheduler
            .acquire(group, 1, Priority::Normal, Duration::from_secs(5))
            .await
            .unwrap_err();
        assert_eq!(waited, Duration::from_secs(5));
        assert!(scheduler.lock().waiting.is_empty());
        scheduler
            .acquire(
                Some((7, ChatClass::Private)),
                1,
                Priority::Normal,
                Duration::ZERO,
            )
            .await
            .unwrap();
    }

    /// A call posting several messages takes one place per message, all at once; more than a
    /// window holds goes into an empty window.
    #[tokio::test(start_paused = true)]
    async fn an_album_takes_one_place_per_message() {
        let scheduler = Scheduler::new(limits());
        let start = Instant::now();
        let a = Some((1, ChatClass::Private));
        let wait = Duration::from_secs(30);
        scheduler
            .acquire(a, 1, Priority::Normal, wait)
            .await
            .unwrap();
        scheduler
            .acquire(a, 2, Priority::Normal, wait)
            .await
            .unwrap();
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(2),
            "both places free only when the first message left the window"
        );
        scheduler
            .acquire(a, 5, Priority::Normal, wait)
            .await
            .unwrap();
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(4),
            "five go into the emptied window"
        );
    }
}
