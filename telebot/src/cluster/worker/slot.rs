//! A partition as one worker sees it: whether it holds it and under which fence, the entries
//! it has in hand, and the ticket each entry travels through the lanes with.

use super::acker::Ack;
use crate::cluster::keys::PartitionKeys;
use crate::dispatch::watermark::Settle;
use std::collections::{HashMap, HashSet};
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
    /// Entry ids read and not yet acknowledged (queued, running, or their ack on its way),
    /// each with the generation of the claim it was read under.
    pub(crate) in_hand: HashMap<String, u64>,
    /// An entry was given back unhandled: the reader must read the pending entries again.
    pub(crate) repass: bool,
    /// Reads of the log sent and not yet taken in (the reader's; for a moment an old
    /// reader's beside it).
    reads_in_flight: usize,
    /// Entries acknowledged while a read was in flight. Redis may have run the read before
    /// the acknowledgement and returned them as pending; they are not handed over again.
    acknowledged_during_read: HashSet<String>,
}

impl SlotState {
    fn void_claim(&mut self) {
        self.fence = None;
        self.generation += 1;
        self.deadline = None;
    }

    /// Notes a read of the log sent; [`SlotState::read_taken_in`] ends it.
    pub(crate) fn read_sent(&mut self) {
        self.reads_in_flight += 1;
    }

    /// Whether an entry a read returned is this worker's to hand over now: not in hand and
    /// not acknowledged since the read was sent. When it is, it is in hand from now on, under
    /// the claim of `generation`.
    pub(crate) fn take(&mut self, entry: &str, generation: u64) -> bool {
        if self.acknowledged_during_read.contains(entry) || self.in_hand.contains_key(entry) {
            return false;
        }
        self.in_hand.insert(entry.to_owned(), generation);
        true
    }

    /// Whether entries read under a claim older than `generation` are still in hand. Those
    /// still queued in the lanes will be given back, and must be read again before anything
    /// after them in the log: a new claim reads nothing until they are settled.
    pub(crate) fn earlier_claims_in_hand(&self, generation: u64) -> bool {
        self.in_hand.values().any(|g| *g < generation)
    }

    /// Ends a read noted by [`SlotState::read_sent`] (its entries taken, or it failed).
    pub(crate) fn read_taken_in(&mut self) {
        self.reads_in_flight = self.reads_in_flight.saturating_sub(1);
        if self.reads_in_flight == 0 {
            self.acknowledged_during_read.clear();
        }
    }

    /// An entry in hand was acknowledged: it is done, and a read in flight that returns it
    /// (run by Redis before the acknowledgement) must not hand it over. Returns whether it
    /// was an earlier claim's (a new claim's reader may be waiting for it).
    pub(crate) fn acknowledged(&mut self, entry: &str) -> bool {
        if self.reads_in_flight > 0 {
            self.acknowledged_during_read.insert(entry.to_owned());
        }
        self.released(entry)
    }

    /// An entry in hand goes back to the log unacknowledged: a later read may take it.
    /// Returns whether it was an earlier claim's.
    pub(crate) fn released(&mut self, entry: &str) -> bool {
        self.in_hand
            .remove(entry)
            .is_some_and(|generation| generation < self.generation)
    }
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

    /// Whether entries of `generation` may still be handled. A claim whose lease has surely
    /// run out is revoked here and then, as a whole: none of its entries runs after one of
    /// them was given back, should the lease be renewed in time for the next.
    pub(crate) fn live(&self, generation: u64) -> bool {
        {
            let mut state = self.state();
            if state.generation != generation || state.fence.is_none() {
                return false;
            }
            if state.deadline.is_some_and(|d| Instant::now() < d) {
                return true;
            }
            state.void_claim();
        }
        self.wake.notify_waiters();
        false
    }

    /// Voids the current claim: its reader stops, its queued entries are given back.
    pub(crate) fn revoke(&self) {
        self.state().void_claim();
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
                let _ = state.released(&self.entry);
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
            let _ = unsent.0.slot.state().released(&unsent.0.entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Slot, SlotState};
    use crate::cluster::keys::Keys;
    use std::time::Duration;
    use tokio::time::Instant;

    /// A slot held under a claim of generation 1 until `deadline`.
    fn claimed(deadline: Instant) -> std::sync::Arc<Slot> {
        let slot = Slot::new(0, Keys::new("test").partition(0));
        {
            let mut state = slot.state();
            state.fence = Some("w0:1".into());
            state.epoch = 1;
            state.generation = 1;
            state.deadline = Some(deadline);
        }
        slot
    }

    #[tokio::test(start_paused = true)]
    async fn a_lapsed_lease_voids_the_whole_claim_even_if_renewed_after() {
        let slot = claimed(Instant::now() + Duration::from_secs(1));
        assert!(slot.live(1));
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(!slot.live(1), "the lease surely ran out");
        // The renewal lands late: the next entry of the claim must not run before the one
        // just given back.
        slot.state().deadline = Some(Instant::now() + Duration::from_secs(1));
        assert!(
            !slot.live(1),
            "the claim stays void once an entry was given back"
        );
        assert_eq!(slot.state().generation, 2);
    }

    #[test]
    fn a_new_claim_waits_for_an_earlier_claims_entries() {
        let mut state = SlotState {
            generation: 1,
            ..SlotState::default()
        };
        assert!(state.take("5-0", 1) && state.take("5-1", 1));
        state.void_claim();
        let new_claim = state.generation;
        assert!(state.earlier_claims_in_hand(new_claim));
        assert!(
            state.released("5-0"),
            "given back by its lane: an earlier claim's"
        );
        assert!(state.earlier_claims_in_hand(new_claim));
        assert!(
            state.acknowledged("5-1"),
            "ran before the lapse, acknowledged"
        );
        assert!(!state.earlier_claims_in_hand(new_claim));
        assert!(state.take("5-0", new_claim));
        assert!(!state.earlier_claims_in_hand(new_claim));
    }

    #[test]
    fn an_entry_acknowledged_while_a_read_is_on_its_way_is_not_taken_again() {
        let mut state = SlotState::default();
        assert!(state.take("1-1", 1), "a new entry is taken");
        assert!(!state.take("1-1", 1), "an entry in hand is not taken twice");
        // A repeat of the pending pass is sent; Redis runs it before the acknowledgement of
        // 1-1, so it returns 1-1, whose acknowledgement is taken in first.
        state.read_sent();
        state.acknowledged("1-1");
        assert!(state.in_hand.is_empty());
        assert!(
            !state.take("1-1", 1),
            "acknowledged during the read: not taken"
        );
        assert!(
            state.take("1-2", 1),
            "another entry of the same read is taken"
        );
        state.read_taken_in();
        // With no read in flight nothing is remembered: the log no longer holds 1-1.
        assert!(!state.acknowledged("1-2"), "the current claim's entry");
        assert!(state.take("1-1", 1) && state.take("1-2", 1));
    }

    #[test]
    fn an_entry_given_back_is_taken_by_the_next_read() {
        let mut state = SlotState::default();
        assert!(state.take("7-0", 1));
        state.read_sent();
        state.released("7-0");
        assert!(
            state.take("7-0", 1),
            "given back unacknowledged: taken again"
        );
        state.read_taken_in();
    }

    #[test]
    fn overlapping_reads_remember_until_the_last_is_taken_in() {
        let mut state = SlotState::default();
        assert!(state.take("3-0", 1));
        state.read_sent();
        state.read_sent();
        state.acknowledged("3-0");
        state.read_taken_in();
        assert!(!state.take("3-0", 1), "the other read may still return it");
        state.read_taken_in();
        assert!(state.take("3-0", 1));
    }
}
