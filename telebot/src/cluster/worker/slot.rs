//! A partition as one worker sees it: whether it holds it and under which fence, the entries
//! it has in hand, and the ticket each entry travels through the lanes with.

use super::acker::Ack;
use crate::cluster::keys::PartitionKeys;
use crate::dispatch::watermark::Settle;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::{Notify, OwnedSemaphorePermit, mpsc, oneshot};
use tokio::time::Instant;

/// One partition this worker holds, or held.
pub(crate) struct Slot {
    pub(crate) index: u16,
    pub(crate) keys: PartitionKeys,
    state: Mutex<SlotState>,
    /// Wakes the partition's reader (a repeat of the pending pass is due, or it must stop).
    pub(crate) wake: Notify,
}

/// What changes while a slot is held.
#[derive(Debug, Default)]
pub(crate) struct SlotState {
    /// `<holder>:<epoch>` of the current claim; `None` when not held.
    pub(crate) fence: Option<String>,
    /// The epoch of `fence` (0 when not held).
    pub(crate) epoch: u64,
    /// Moves on with every new claim and every revocation: a reader or an entry of an older
    /// generation is void.
    pub(crate) generation: u64,
    /// When the lease surely runs out unless renewed.
    pub(crate) deadline: Option<Instant>,
    /// Being handed over: read nothing new, release once nothing is in hand.
    pub(crate) draining: bool,
    /// Entry ids read and not yet acknowledged (queued, running, or their ack on its way).
    pub(crate) in_hand: HashSet<String>,
    /// An entry was given back unhandled: the reader must read the pending entries again.
    pub(crate) repass: bool,
}

impl Slot {
    pub(crate) fn new(index: u16, keys: PartitionKeys) -> Arc<Slot> {
        Arc::new(Slot {
            index,
            keys,
            state: Mutex::default(),
            wake: Notify::new(),
        })
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock_unpoisoned()
    }

    /// Whether entries of `generation` may still be handled.
    pub(crate) fn live(&self, generation: u64) -> bool {
        let state = self.state();
        state.generation == generation
            && state.fence.is_some()
            && state.deadline.is_some_and(|d| Instant::now() < d)
    }

    /// Voids the current claim: its reader stops, its queued entries are given back.
    pub(crate) fn revoke(&self) {
        {
            let mut state = self.state();
            state.fence = None;
            state.generation += 1;
            state.deadline = None;
        }
        self.wake.notify_waiters();
    }
}

/// The receipt of one entry: dropped when the update's handlers are done, it sends the
/// entry's acknowledgement; given back unhandled, it frees the entry for the next reader.
pub(crate) struct Ticket {
    pub(crate) slot: Arc<Slot>,
    pub(crate) entry: String,
    pub(crate) generation: u64,
    pub(crate) fence: String,
    pub(crate) epoch: u64,
    pub(crate) permit: Option<OwnedSemaphorePermit>,
    pub(crate) acks: mpsc::UnboundedSender<Ack>,
    pub(crate) abandoned: AtomicBool,
    /// Told once the entry's acknowledgement is done (or failed).
    pub(crate) done: Option<oneshot::Sender<()>>,
    /// Its other end, for the lane to wait on.
    pub(crate) waiter: Mutex<Option<oneshot::Receiver<()>>>,
}

impl Ticket {
    /// A ticket for `entry`, under `claim`'s fence.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        slot: Arc<Slot>,
        entry: String,
        generation: u64,
        fence: String,
        epoch: u64,
        permit: Option<OwnedSemaphorePermit>,
        acks: mpsc::UnboundedSender<Ack>,
    ) -> Ticket {
        let (done, waiter) = oneshot::channel();
        Ticket {
            slot,
            entry,
            generation,
            fence,
            epoch,
            permit,
            acks,
            abandoned: AtomicBool::new(false),
            done: Some(done),
            waiter: Mutex::new(Some(waiter)),
        }
    }
}

impl Settle for Ticket {
    fn revoked(&self) -> bool {
        !self.slot.live(self.generation)
    }

    fn abandon(&self) {
        self.abandoned.store(true, Ordering::SeqCst);
    }

    fn settled(&self) -> Option<oneshot::Receiver<()>> {
        self.waiter.lock_unpoisoned().take()
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.abandoned.load(Ordering::SeqCst) {
            {
                let mut state = self.slot.state();
                state.in_hand.remove(&self.entry);
                state.repass = true;
            }
            self.slot.wake.notify_waiters();
            return;
        }
        let ack = Ack {
            slot: Arc::clone(&self.slot),
            entry: std::mem::take(&mut self.entry),
            fence: std::mem::take(&mut self.fence),
            epoch: self.epoch,
            _permit: self.permit.take(),
            done: self.done.take(),
        };
        if let Err(unsent) = self.acks.send(ack) {
            // The worker is gone: the entry stays pending for the next owner.
            unsent.0.slot.state().in_hand.remove(&unsent.0.entry);
        }
    }
}
