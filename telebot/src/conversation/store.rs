//! The states of one conversation, per key, in memory: the state, the data, the pending flag of
//! non-blocking runs and the timeout timer. Writing them to a backend is in the handler.

use super::ConversationState;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use telebot_client::poison::MutexUnpoisoned;
use tokio::task::AbortHandle;

/// The data of one running conversation.
pub(super) type SharedData<S> = Arc<tokio::sync::Mutex<<S as ConversationState>::Data>>;

/// One key's running conversation.
pub(super) struct Entry<S: ConversationState> {
    pub(super) state: S,
    pub(super) data: SharedData<S>,
    timer: Option<(u64, AbortHandle)>,
}

/// Every key's conversation.
pub(super) struct Store<S: ConversationState> {
    entries: Mutex<HashMap<String, Entry<S>>>,
    pending: Mutex<HashSet<String>>,
    timers: AtomicU64,
}

impl<S: ConversationState> Default for Store<S> {
    fn default() -> Self {
        Store {
            entries: Mutex::default(),
            pending: Mutex::default(),
            timers: AtomicU64::new(0),
        }
    }
}

impl<S: ConversationState> Store<S> {
    fn entries(&self) -> MutexGuard<'_, HashMap<String, Entry<S>>> {
        self.entries.lock_unpoisoned()
    }

    fn pending_set(&self) -> MutexGuard<'_, HashSet<String>> {
        self.pending.lock_unpoisoned()
    }

    /// The key's state, when a conversation runs for it.
    pub(super) fn state(&self, key: &str) -> Option<S> {
        self.entries().get(key).map(|e| e.state.clone())
    }

    /// The key's data, when a conversation runs for it.
    pub(super) fn data(&self, key: &str) -> Option<SharedData<S>> {
        self.entries().get(key).map(|e| Arc::clone(&e.data))
    }

    /// Sets the key's state and data (starting the conversation, or stepping it).
    pub(super) fn set(&self, key: &str, state: S, data: SharedData<S>) {
        let mut entries = self.entries();
        let entry = entries.entry(key.to_string()).or_insert_with(|| Entry {
            state: state.clone(),
            data: Arc::clone(&data),
            timer: None,
        });
        entry.state = state;
        entry.data = data;
    }

    /// Ends the key's conversation; what it was.
    pub(super) fn remove(&self, key: &str) -> Option<(S, SharedData<S>)> {
        let entry = self.entries().remove(key)?;
        if let Some((_, timer)) = entry.timer {
            timer.abort();
        }
        Some((entry.state, entry.data))
    }

    /// Whether a non-blocking handler of the key runs.
    pub(super) fn is_pending(&self, key: &str) -> bool {
        self.pending_set().contains(key)
    }

    /// Marks the key as waiting for a non-blocking handler, or not.
    pub(super) fn set_pending(&self, key: &str, pending: bool) {
        let mut set = self.pending_set();
        if pending {
            set.insert(key.to_string());
        } else {
            set.remove(key);
        }
    }

    /// A new timer id.
    pub(super) fn next_timer(&self) -> u64 {
        self.timers.fetch_add(1, Ordering::Relaxed)
    }

    /// Stops the key's timeout timer.
    pub(super) fn cancel_timer(&self, key: &str) {
        if let Some((_, timer)) = self.entries().get_mut(key).and_then(|e| e.timer.take()) {
            timer.abort();
        }
    }

    /// Makes `timer` the key's timeout timer; `false` (and the timer stopped) when the key has
    /// no conversation.
    pub(super) fn set_timer(&self, key: &str, id: u64, timer: AbortHandle) -> bool {
        let mut entries = self.entries();
        let Some(entry) = entries.get_mut(key) else {
            timer.abort();
            return false;
        };
        if let Some((_, old)) = entry.timer.replace((id, timer)) {
            old.abort();
        }
        true
    }

    /// Ends the key's conversation if timer `id` is still its timer (nothing stepped since).
    pub(super) fn expire(&self, key: &str, id: u64) -> Option<(S, SharedData<S>)> {
        let mut entries = self.entries();
        if entries.get(key)?.timer.as_ref()?.0 != id {
            return None;
        }
        let entry = entries.remove(key)?;
        Some((entry.state, entry.data))
    }
}
