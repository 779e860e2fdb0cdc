//! Update ids seen lately, so that a redelivered update (Telegram sends an update again when
//! its answer was late or failed) runs once.

use crate::dispatch::watermark::Handled;
use std::collections::{HashMap, VecDeque};

/// How many ids are remembered.
pub(super) const REMEMBERED_IDS: usize = 10_000;

/// What is known of an update id.
#[derive(Debug, Clone)]
pub(super) enum Seen {
    /// Never seen (or forgotten): it is now claimed by the caller.
    New,
    /// Taken before; when answered only after handling, what learns that it was.
    Before(Option<Handled>),
}

/// The last [`REMEMBERED_IDS`] update ids taken, oldest first.
#[derive(Debug, Default)]
pub(super) struct RecentIds {
    order: VecDeque<i64>,
    seen: HashMap<i64, Option<Handled>>,
}

impl RecentIds {
    /// Claims `id` for the caller unless it was taken before.
    pub(super) fn claim(&mut self, id: i64, handled: Option<Handled>) -> Seen {
        if let Some(before) = self.seen.get(&id) {
            return Seen::Before(before.clone());
        }
        self.seen.insert(id, handled);
        self.order.push_back(id);
        if self.order.len() > REMEMBERED_IDS
            && let Some(old) = self.order.pop_front()
        {
            self.seen.remove(&old);
        }
        Seen::New
    }

    /// Gives up a claim whose update was not taken after all, so that its redelivery runs.
    pub(super) fn forget(&mut self, id: i64) {
        if self.seen.remove(&id).is_some() {
            self.order.retain(|other| *other != id);
        }
    }

    /// Whether `id` is claimed.
    pub(super) fn contains(&self, id: i64) -> bool {
        self.seen.contains_key(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_ids_forget_the_oldest() {
        let mut recent = RecentIds::default();
        assert!(matches!(recent.claim(1, None), Seen::New));
        assert!(matches!(recent.claim(1, None), Seen::Before(None)));
        for id in 2..=(REMEMBERED_IDS as i64 + 1) {
            assert!(matches!(recent.claim(id, None), Seen::New));
        }
        assert!(
            matches!(recent.claim(1, None), Seen::New),
            "id 1 was forgotten after {REMEMBERED_IDS} newer ones"
        );
    }

    #[test]
    fn a_forgotten_claim_can_be_made_again() {
        let mut recent = RecentIds::default();
        assert!(matches!(recent.claim(5, None), Seen::New));
        recent.forget(5);
        assert!(!recent.contains(5));
        assert!(matches!(recent.claim(5, None), Seen::New));
        assert_eq!(recent.order.len(), 1);
    }
}
