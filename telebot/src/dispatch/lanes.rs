//! Lanes: the updates of one chat (or, without a chat, of one user) are handled one after the
//! other in arrival order; different lanes run concurrently, at most `concurrent_updates` at a
//! time. Updates with neither chat nor user get a lane each.

use super::Services;
use super::watermark::Receipt;
use crate::Update;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::{Notify, Semaphore};

/// What orders updates: one lane per chat, else per user, else per update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum LaneKey {
    /// The update's effective chat.
    Chat(i64),
    /// The update's effective user, for updates without a chat.
    User(i64),
    /// Neither: the update's own id.
    Alone(i64),
}

/// The lane an update goes to.
pub(crate) fn lane_of(update: &Update) -> LaneKey {
    if let Some(chat) = update.effective_chat() {
        LaneKey::Chat(chat.id)
    } else if let Some(user) = update.effective_user() {
        LaneKey::User(user.id)
    } else {
        LaneKey::Alone(update.update_id)
    }
}

/// An update waiting in its lane, with the poller's receipt when it came from polling.
type Queued = (Arc<Update>, Option<Receipt>);

/// An update refused by [`Lanes::try_submit`] because its lane was full, handed back.
#[cfg(feature = "webhooks")]
pub(crate) struct LaneFull(pub(crate) Arc<Update>, pub(crate) Option<Receipt>);

/// The lanes of one application.
pub(crate) struct Lanes {
    queues: Mutex<HashMap<LaneKey, VecDeque<Queued>, foldhash::fast::RandomState>>,
    permits: Arc<Semaphore>,
    pending: AtomicUsize,
    /// Updates handled since the start, for the shutdown report.
    handled: std::sync::atomic::AtomicU64,
    idle: Notify,
    /// Notified whenever a lane has one update fewer.
    space: Notify,
}

impl Lanes {
    pub(crate) fn new(concurrent_updates: usize) -> Lanes {
        Lanes {
            queues: Mutex::default(),
            permits: Arc::new(Semaphore::new(concurrent_updates.max(1))),
            pending: AtomicUsize::new(0),
            handled: std::sync::atomic::AtomicU64::new(0),
            idle: Notify::new(),
            space: Notify::new(),
        }
    }

    /// Like [`submit`](Self::submit), unless the update's lane already holds `capacity`
    /// updates (the one running included): then the update comes back.
    #[cfg(feature = "webhooks")]
    pub(crate) fn try_submit(
        self: &Arc<Self>,
        app: &Arc<dyn Services>,
        update: Arc<Update>,
        receipt: Option<Receipt>,
        capacity: usize,
    ) -> Result<(), LaneFull> {
        let key = lane_of(&update);
        {
            let mut queues = self.queues.lock_unpoisoned();
            if let Some(queue) = queues.get_mut(&key) {
                if queue.len() + 1 >= capacity.max(1) {
                    return Err(LaneFull(update, receipt));
                }
                self.pending.fetch_add(1, Ordering::SeqCst);
                queue.push_back((update, receipt));
                return Ok(());
            }
            queues.insert(key, VecDeque::new());
        }
        self.pending.fetch_add(1, Ordering::SeqCst);
        let lanes = Arc::clone(self);
        let app = Arc::clone(app);
        tokio::spawn(async move { lanes.work(app, key, (update, receipt)).await });
        Ok(())
    }

    /// Resolves the next time a lane has one update fewer. The future hears of every change
    /// after it was created, even before it is first polled: create it, then try.
    #[cfg(feature = "webhooks")]
    pub(crate) fn space(&self) -> tokio::sync::futures::Notified<'_> {
        self.space.notified()
    }

    /// Queues an update on its lane, starting the lane's worker if it has none. The receipt
    /// is held until the update's handlers are done.
    pub(crate) fn submit(
        self: &Arc<Self>,
        app: &Arc<dyn Services>,
        update: Arc<Update>,
        receipt: Option<Receipt>,
    ) {
        self.pending.fetch_add(1, Ordering::SeqCst);
        let key = lane_of(&update);
        {
            let mut queues = self.queues.lock_unpoisoned();
            if let Some(queue) = queues.get_mut(&key) {
                queue.push_back((update, receipt));
                return;
            }
            queues.insert(key, VecDeque::new());
        }
        let lanes = Arc::clone(self);
        let app = Arc::clone(app);
        tokio::spawn(async move { lanes.work(app, key, (update, receipt)).await });
    }

    async fn work(&self, app: Arc<dyn Services>, key: LaneKey, first: Queued) {
        let mut next = Some(first);
        while let Some((update, receipt)) = next {
            if let Some(withdrawn) = receipt.as_ref().filter(|r| r.revoked()) {
                // Its source gave it up (a cluster worker lost the partition): whoever owns
                // it now handles it.
                tracing::debug!(
                    update_id = update.update_id,
                    "an update was withdrawn before it ran"
                );
                withdrawn.clone().abandon();
                next = self.next_of(key);
                continue;
            }
            match Arc::clone(&self.permits).acquire_owned().await {
                Ok(permit) => {
                    let update_id = update.update_id;
                    let info = app.check_info();
                    let dispatch = app
                        .dispatcher()
                        .dispatch(&app, update, &info, receipt.as_ref());
                    // Boxed: inline, the dispatch (about 5 KiB of state) made every lane's
                    // task as large, copied several times into place at each spawn.
                    Box::pin(super::guard::dispatch(update_id, dispatch)).await;
                    drop(permit);
                }
                Err(_) => tracing::error!("the update semaphore was closed; dropping an update"),
            }
            // A source that settles asynchronously (a cluster worker acknowledging in Redis)
            // is waited for before the lane's next update: a crash then repeats at most the
            // update in hand, never one whose handlers finished.
            let settled = receipt.as_ref().and_then(Receipt::settled);
            drop(receipt);
            if let Some(settled) = settled {
                let _ = settled.await;
            }
            next = self.next_of(key);
        }
    }

    /// Counts one update of `key`'s lane as done; returns the lane's next, or closes the lane.
    fn next_of(&self, key: LaneKey) -> Option<Queued> {
        self.handled.fetch_add(1, Ordering::Relaxed);
        if self.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.idle.notify_waiters();
        }
        let next = {
            let mut queues = self.queues.lock_unpoisoned();
            let next = queues.get_mut(&key).and_then(VecDeque::pop_front);
            if next.is_none() {
                queues.remove(&key);
            }
            next
        };
        self.space.notify_waiters();
        next
    }

    /// Updates handled since the start (withdrawn ones included: they left the lane).
    pub(crate) fn handled(&self) -> u64 {
        self.handled.load(Ordering::Relaxed)
    }

    /// The number of updates submitted and not yet handled.
    pub(crate) fn pending(&self) -> usize {
        self.pending.load(Ordering::SeqCst)
    }

    /// Waits until every submitted update was handled.
    pub(crate) async fn wait_idle(&self) {
        loop {
            let notified = self.idle.notified();
            if self.pending() == 0 {
                return;
            }
            notified.await;
        }
    }
}
