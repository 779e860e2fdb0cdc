//! Which updates are handled: the long-polling loop's bookkeeping for confirming updates to
//! Telegram no further than the lowest one still being handled.
//!
//! Telegram confirms updates by offset only ("every update below this id"), so the offset
//! that loses nothing on a crash is the lowest update whose handlers have not finished; the
//! updates above it that did finish are fetched again by the next `getUpdates` and skipped
//! here as repeats.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::Notify;
#[cfg(feature = "webhooks")]
use tokio::sync::watch;

/// The updates fetched and not yet confirmed, and those of them still being handled.
///
/// The poller waits on [`Watermark::changed`] for room to fetch more; it is woken only when
/// a count crosses a line it decides on (nothing in flight, the window half free, the window
/// no longer full, fewer than `window` in flight), not at every finished update: with
/// thousands of updates a second, a wake-up per update cost about 4% of the bot's CPU.
#[derive(Debug)]
pub(crate) struct Watermark {
    marks: Mutex<Marks>,
    changed: Notify,
    /// The poller's `limit`: the most updates fetched and not yet confirmed.
    window: usize,
}

#[derive(Debug, Default)]
struct Marks {
    /// Fetched, handlers not finished.
    in_flight: BTreeSet<i64>,
    /// Fetched and not known to be confirmed (a superset of `in_flight`).
    fetched: BTreeSet<i64>,
    /// One past the highest update fetched.
    next: Option<i64>,
    /// Updates at or below it were taken by an earlier run (an update journal holds them).
    floor: Option<i64>,
}

impl Marks {
    fn safe_offset(&self) -> Option<i64> {
        self.in_flight.first().copied().or(self.next)
    }

    /// Fetched updates at or above the safe offset: those the next `getUpdates` returns again.
    fn unconfirmed(&self) -> usize {
        match self.safe_offset() {
            Some(offset) => self.fetched.range(offset..).count(),
            None => 0,
        }
    }
}

/// Held while an update is handled, by the lane and by every non-blocking handler of the
/// update; when the last clone is dropped, the update counts as handled: whatever the receipt
/// holds is dropped then (the poller's ticket here, a cluster worker's acknowledgement).
#[derive(Clone)]
pub(crate) struct Receipt(Arc<dyn Settle>);

/// What a receipt holds: dropping it settles the update. The source of an update may also
/// withdraw it before it is handled (a cluster worker that lost its partition).
pub(crate) trait Settle: Send + Sync + 'static {
    /// Whether the update must no longer be handled here.
    fn revoked(&self) -> bool {
        false
    }

    /// The update was not handled (it was revoked): settle it as such when dropped.
    fn abandon(&self) {}

    /// Resolves once the update, dropped by every holder, is settled at its source (a cluster
    /// worker's acknowledgement reached Redis); `None` when settling is immediate. Taken once.
    fn settled(&self) -> Option<tokio::sync::oneshot::Receiver<()>> {
        None
    }
}

impl std::fmt::Debug for Receipt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Receipt")
    }
}

impl Receipt {
    /// A receipt that drops `settle` when the update's last holder lets go of it.
    pub(crate) fn settled_by(settle: impl Settle) -> Receipt {
        Receipt(Arc::new(settle))
    }

    /// Whether the update's source withdrew it: it must not be handled.
    pub(crate) fn revoked(&self) -> bool {
        self.0.revoked()
    }

    /// What resolves once the update is settled at its source, when that takes time.
    pub(crate) fn settled(&self) -> Option<tokio::sync::oneshot::Receiver<()>> {
        self.0.settled()
    }

    /// Marks the update as not handled, then lets go of it.
    pub(crate) fn abandon(self) {
        self.0.abandon();
    }
}

impl Settle for Ticket {}

#[derive(Debug)]
enum Ticket {
    /// A polled update: finishing it lets the watermark move.
    Marked { marks: Arc<Watermark>, id: i64 },
    /// A webhook request waiting for its answer: dropping the sender wakes [`Handled`].
    #[cfg(feature = "webhooks")]
    Signal(#[allow(dead_code)] watch::Sender<()>),
}

impl Drop for Ticket {
    fn drop(&mut self) {
        match self {
            Ticket::Marked { marks, id } => marks.finish(*id),
            #[cfg(feature = "webhooks")]
            Ticket::Signal(_) => {}
        }
    }
}

#[cfg(feature = "webhooks")]
impl Receipt {
    /// A receipt not tied to a watermark, and what learns when its last clone is dropped (the
    /// update's handlers, non-blocking ones included, have finished).
    pub(crate) fn signal() -> (Receipt, Handled) {
        let (tx, rx) = watch::channel(());
        (Receipt(Arc::new(Ticket::Signal(tx))), Handled(rx))
    }
}

/// Resolves when the [`Receipt`] it was made with is dropped everywhere.
#[cfg(feature = "webhooks")]
#[derive(Debug, Clone)]
pub(crate) struct Handled(watch::Receiver<()>);

#[cfg(feature = "webhooks")]
impl Handled {
    /// Waits until the receipt is gone.
    pub(crate) async fn wait(mut self) {
        while self.0.changed().await.is_ok() {}
    }

    /// Whether the receipt is gone already.
    #[cfg(test)]
    pub(crate) fn is_done(&self) -> bool {
        self.0.has_changed().is_err()
    }
}

impl Watermark {
    /// Bookkeeping for a poller fetching at most `window` updates past the safe offset.
    pub(crate) fn new(window: usize) -> Arc<Watermark> {
        Arc::new(Watermark {
            marks: Mutex::default(),
            changed: Notify::new(),
            window: window.max(1),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Marks> {
        self.marks.lock_unpoisoned()
    }

    /// Records a fetched update and returns its receipt, or `None` when it was fetched before
    /// (Telegram sends it again until the offset passes it).
    pub(crate) fn take(self: &Arc<Self>, id: i64) -> Option<Receipt> {
        {
            let mut marks = self.lock();
            if marks.floor.is_some_and(|floor| id <= floor) || !marks.fetched.insert(id) {
                return None;
            }
            marks.in_flight.insert(id);
            if marks.next.is_none_or(|next| id >= next) {
                marks.next = Some(id + 1);
            }
        }
        Some(Receipt::settled_by(Ticket::Marked {
            marks: Arc::clone(self),
            id,
        }))
    }

    /// Counts every update up to `highest` as taken by an earlier run: the offset starts
    /// past it and Telegram's repeats of them are skipped.
    pub(crate) fn resume_after(&self, highest: i64) {
        let mut marks = self.lock();
        marks.floor = Some(highest);
        if marks.next.is_none_or(|next| next <= highest) {
            marks.next = Some(highest + 1);
        }
    }

    fn finish(&self, id: i64) {
        let wake = {
            let mut marks = self.lock();
            let lowest = marks.in_flight.first() == Some(&id);
            let before = if lowest { marks.unconfirmed() } else { 0 };
            if !marks.in_flight.remove(&id) {
                return;
            }
            let in_flight = marks.in_flight.len();
            // The lines the poller waits for (see `Poller::ready`).
            in_flight == 0
                || in_flight + 1 == self.window
                || (lowest && {
                    let after = marks.unconfirmed();
                    let half = self.window / 2;
                    (before > half && after <= half)
                        || (before >= self.window && after < self.window)
                })
        };
        if wake {
            // Stored as a permit when the poller is not waiting yet: no wake-up is lost.
            self.changed.notify_one();
        }
    }

    /// The offset that confirms every handled update and nothing unhandled: the lowest
    /// update still being handled, or one past the highest fetched. `None` before the first
    /// update.
    pub(crate) fn safe_offset(&self) -> Option<i64> {
        self.lock().safe_offset()
    }

    /// One past the highest update fetched (confirms what is still being handled too).
    pub(crate) fn next_offset(&self) -> Option<i64> {
        self.lock().next
    }

    /// Telegram has been sent `offset`: updates below it will not come again.
    pub(crate) fn confirmed(&self, offset: i64) {
        let mut marks = self.lock();
        marks.fetched = marks.fetched.split_off(&offset);
    }

    /// Updates whose handlers have not finished.
    pub(crate) fn in_flight(&self) -> usize {
        self.lock().in_flight.len()
    }

    /// Fetched updates at or above the safe offset: those the next `getUpdates` returns
    /// again.
    pub(crate) fn unconfirmed(&self) -> usize {
        self.lock().unconfirmed()
    }

    /// Resolves when finished updates cross a line the poller may wait for: nothing in
    /// flight, fewer than `window` in flight, the unconfirmed updates down to half the window
    /// or below the window. May also resolve without such a change (check again).
    pub(crate) async fn changed(&self) {
        self.changed.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_safe_offset_is_the_lowest_unfinished_update() {
        let marks = Watermark::new(100);
        assert_eq!(marks.safe_offset(), None);
        let receipts: Vec<Receipt> = (10..15).map(|id| marks.take(id).unwrap()).collect();
        assert_eq!(marks.safe_offset(), Some(10));
        assert_eq!(marks.next_offset(), Some(15));
        let mut receipts = receipts.into_iter();
        let first = receipts.next().unwrap();
        drop(receipts); // 11..15 finish, 10 is still handled
        assert_eq!(marks.safe_offset(), Some(10), "never past a running update");
        assert_eq!(marks.in_flight(), 1);
        assert_eq!(marks.unconfirmed(), 5, "11..15 come again with offset 10");
        drop(first);
        assert_eq!(marks.safe_offset(), Some(15));
        assert_eq!(marks.unconfirmed(), 0);
    }

    #[test]
    fn repeats_are_recognised_until_confirmed() {
        let marks = Watermark::new(100);
        let receipt = marks.take(1).unwrap();
        assert!(marks.take(1).is_none(), "fetched again while running");
        drop(receipt);
        assert!(marks.take(1).is_none(), "fetched again after it finished");
        marks.confirmed(2);
        assert_eq!(marks.unconfirmed(), 0);
    }

    #[test]
    fn finishing_wakes_the_poller_only_where_a_line_is_crossed() {
        use futures_util::FutureExt;
        let marks = Watermark::new(10);
        let mut receipts: std::collections::BTreeMap<i64, Receipt> =
            (1..=10).map(|id| (id, marks.take(id).unwrap())).collect();
        let mut finish = |id: i64| {
            receipts.remove(&id);
            marks.changed().now_or_never().is_some()
        };
        assert!(finish(10), "fewer than the window in flight");
        for id in [9, 8, 7] {
            assert!(
                !finish(id),
                "update {id}: nothing the poller waits for changed"
            );
        }
        assert!(finish(1), "the window is no longer full (9 unconfirmed)");
        assert!(
            !finish(2) && !finish(3) && !finish(4),
            "7 and 6 unconfirmed"
        );
        assert!(finish(5), "half the window free (5 unconfirmed)");
        assert!(finish(6), "nothing in flight");
    }

    #[test]
    fn after_a_resume_the_offset_starts_past_the_earlier_run_and_its_updates_are_repeats() {
        let marks = Watermark::new(100);
        marks.resume_after(41);
        assert_eq!(marks.safe_offset(), Some(42));
        assert!(marks.take(41).is_none(), "taken by the earlier run");
        assert!(marks.take(12).is_none());
        let receipt = marks.take(42).expect("new");
        assert_eq!(marks.safe_offset(), Some(42));
        drop(receipt);
        assert_eq!(marks.safe_offset(), Some(43));
    }

    #[cfg(feature = "webhooks")]
    #[test]
    fn a_signal_receipt_is_handled_when_its_last_clone_is_dropped() {
        let (receipt, handled) = Receipt::signal();
        let background = receipt.clone();
        drop(receipt);
        assert!(!handled.is_done());
        drop(background);
        assert!(handled.is_done());
    }

    #[test]
    fn a_receipt_shared_with_a_background_handler_finishes_with_the_last_clone() {
        let marks = Watermark::new(100);
        let receipt = marks.take(7).unwrap();
        let background = receipt.clone();
        drop(receipt);
        assert_eq!(marks.safe_offset(), Some(7));
        drop(background);
        assert_eq!(marks.safe_offset(), Some(8));
    }
}
