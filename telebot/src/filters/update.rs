//! Filters on the kind of update, for handlers that should see only some of the kinds that
//! carry a message: one per kind (generated from the update-kind table, in `update/kinds.rs`),
//! and the groups below, which are defined by the kinds' names so a kind the Bot API adds joins
//! the groups its name puts it in.
//!
//! ```
//! use telebot::filters::{self, update};
//! // New messages only: no edits, no channel posts.
//! let fresh_text = update::message() & filters::text();
//! assert_eq!(fresh_text.describe(), "update::message & text");
//! ```

use super::{Filter, FilterData, SharedFilter};
use crate::{Update, UpdateKind};

mod kinds;

pub use kinds::*;

struct Kind {
    name: &'static str,
    pred: fn(&UpdateKind) -> bool,
}

impl Filter for Kind {
    fn check(&self, update: &Update, _: &mut FilterData) -> bool {
        (self.pred)(&update.kind)
    }

    fn describe(&self) -> String {
        format!("update::{}", self.name)
    }
}

fn kind(name: &'static str, pred: fn(&UpdateKind) -> bool) -> SharedFilter {
    SharedFilter::new(Kind { name, pred })
}

/// Whether `k` carries a message and its name passes `named`.
fn message_kind(k: &UpdateKind, named: fn(&str) -> bool) -> bool {
    k.carried_message().is_some() && named(k.name())
}

/// New and edited messages (`message`, `edited_message`).
pub fn messages() -> SharedFilter {
    kind("messages", |k| {
        message_kind(k, |n| n.trim_start_matches("edited_") == "message")
    })
}

/// New and edited channel posts.
pub fn channel_posts() -> SharedFilter {
    kind("channel_posts", |k| {
        message_kind(k, |n| n.trim_start_matches("edited_") == "channel_post")
    })
}

/// New and edited business messages.
pub fn business_messages() -> SharedFilter {
    kind("business_messages", |k| {
        message_kind(k, |n| n.trim_start_matches("edited_") == "business_message")
    })
}

/// Every edit: edited messages, channel posts and business messages.
pub fn edited() -> SharedFilter {
    kind("edited", |k| message_kind(k, |n| n.starts_with("edited_")))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::update;
    use super::*;
    use serde_json::json;
    use telebot_syntax::update_kinds::MESSAGE_KINDS;

    /// Whether the filter described as `update::<filter>` should pass a `kind` update: a
    /// one-kind filter its own kind, a plural one its kind new and edited, `edited` every edit.
    fn expected(filter: &str, kind: &str) -> bool {
        match filter.strip_prefix("update::") {
            Some("edited") => kind.starts_with("edited_"),
            Some(plural) if plural.ends_with('s') => {
                let one = &plural[..plural.len() - 1];
                kind == one || kind.strip_prefix("edited_") == Some(one)
            }
            Some(one) => kind == one,
            None => false,
        }
    }

    #[test]
    fn each_filter_passes_exactly_its_kinds() {
        let filters = [
            message(),
            edited_message(),
            messages(),
            channel_post(),
            edited_channel_post(),
            channel_posts(),
            business_message(),
            edited_business_message(),
            business_messages(),
            guest_message(),
            edited(),
        ];
        for filter in filters {
            let passing = MESSAGE_KINDS
                .iter()
                .filter(|kind| filter.matches(&update(kind, json!({"text": "x"}))))
                .count();
            assert!(passing > 0, "{} passes no kind", filter.describe());
            for kind in MESSAGE_KINDS {
                let u = update(kind, json!({"text": "x"}));
                assert_eq!(
                    filter.matches(&u),
                    expected(&filter.describe(), kind),
                    "{} on {kind}",
                    filter.describe()
                );
            }
        }
    }

    #[test]
    fn the_groups_are_the_new_and_edited_pairs() {
        assert_eq!(
            MESSAGE_KINDS
                .iter()
                .filter(|k| edited().matches(&update(k, json!({"text": "x"}))))
                .count(),
            3
        );
        let callback = update(
            "callback_query",
            json!({"id": "1", "from": {"id": 1, "is_bot": false, "first_name": "A"},
                   "chat_instance": "x"}),
        );
        for filter in [messages(), channel_posts(), business_messages(), edited()] {
            assert!(!filter.matches(&callback), "{}", filter.describe());
        }
    }
}
