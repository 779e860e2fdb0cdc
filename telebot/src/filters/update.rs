//! Filters on the kind of update, for handlers that should see only some of the kinds that
//! carry a message.
//!
//! ```
//! use telebot::filters::{self, update};
//! // New messages only: no edits, no channel posts.
//! let fresh_text = update::message() & filters::text();
//! assert_eq!(fresh_text.describe(), "update::message & text");
//! ```

use super::{F, Filter, FilterData};
use crate::{Update, UpdateKind};

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

fn kind(name: &'static str, pred: fn(&UpdateKind) -> bool) -> F {
    F::new(Kind { name, pred })
}

/// New messages (`message`).
pub fn message() -> F {
    kind("message", |k| matches!(k, UpdateKind::Message(_)))
}

/// Edited messages (`edited_message`).
pub fn edited_message() -> F {
    kind("edited_message", |k| {
        matches!(k, UpdateKind::EditedMessage(_))
    })
}

/// New and edited messages (`message`, `edited_message`).
pub fn messages() -> F {
    kind("messages", |k| {
        matches!(k, UpdateKind::Message(_) | UpdateKind::EditedMessage(_))
    })
}

/// New channel posts (`channel_post`).
pub fn channel_post() -> F {
    kind("channel_post", |k| matches!(k, UpdateKind::ChannelPost(_)))
}

/// Edited channel posts (`edited_channel_post`).
pub fn edited_channel_post() -> F {
    kind("edited_channel_post", |k| {
        matches!(k, UpdateKind::EditedChannelPost(_))
    })
}

/// New and edited channel posts.
pub fn channel_posts() -> F {
    kind("channel_posts", |k| {
        matches!(
            k,
            UpdateKind::ChannelPost(_) | UpdateKind::EditedChannelPost(_)
        )
    })
}

/// New messages in a connected business account (`business_message`).
pub fn business_message() -> F {
    kind("business_message", |k| {
        matches!(k, UpdateKind::BusinessMessage(_))
    })
}

/// Edited messages in a connected business account (`edited_business_message`).
pub fn edited_business_message() -> F {
    kind("edited_business_message", |k| {
        matches!(k, UpdateKind::EditedBusinessMessage(_))
    })
}

/// New and edited business messages.
pub fn business_messages() -> F {
    kind("business_messages", |k| {
        matches!(
            k,
            UpdateKind::BusinessMessage(_) | UpdateKind::EditedBusinessMessage(_)
        )
    })
}

/// Messages the bot receives as a guest in a chat (`guest_message`).
pub fn guest_message() -> F {
    kind("guest_message", |k| {
        matches!(k, UpdateKind::GuestMessage(_))
    })
}

/// Every edit: edited messages, channel posts and business messages.
pub fn edited() -> F {
    kind("edited", |k| {
        matches!(
            k,
            UpdateKind::EditedMessage(_)
                | UpdateKind::EditedChannelPost(_)
                | UpdateKind::EditedBusinessMessage(_)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::update;
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds() {
        let all_kinds = [
            "message",
            "edited_message",
            "channel_post",
            "edited_channel_post",
            "business_message",
            "edited_business_message",
            "guest_message",
        ];
        let table: [(F, &[&str]); 11] = [
            (message(), &["message"]),
            (edited_message(), &["edited_message"]),
            (messages(), &["message", "edited_message"]),
            (channel_post(), &["channel_post"]),
            (edited_channel_post(), &["edited_channel_post"]),
            (channel_posts(), &["channel_post", "edited_channel_post"]),
            (business_message(), &["business_message"]),
            (edited_business_message(), &["edited_business_message"]),
            (
                business_messages(),
                &["business_message", "edited_business_message"],
            ),
            (guest_message(), &["guest_message"]),
            (
                edited(),
                &[
                    "edited_message",
                    "edited_channel_post",
                    "edited_business_message",
                ],
            ),
        ];
        for (filter, passing) in table {
            for kind in all_kinds {
                let u = update(kind, json!({"text": "x"}));
                assert_eq!(
                    filter.matches(&u),
                    passing.contains(&kind),
                    "{} on {kind}",
                    filter.describe()
                );
            }
        }
    }
}
