//! Filters on the type of the chat a message was sent in (`message.chat.type`).

use super::SharedFilter;
use super::custom::on_message;
use crate::ChatType;

/// One-to-one chats with a user.
pub fn private() -> SharedFilter {
    on_message("chat_type::private", |m| m.chat.kind == ChatType::Private)
}

/// Basic groups (not supergroups; see [`groups`] for both).
pub fn group() -> SharedFilter {
    on_message("chat_type::group", |m| m.chat.kind == ChatType::Group)
}

/// Supergroups (forums included).
pub fn supergroup() -> SharedFilter {
    on_message("chat_type::supergroup", |m| {
        m.chat.kind == ChatType::Supergroup
    })
}

/// Basic groups and supergroups.
pub fn groups() -> SharedFilter {
    on_message("chat_type::groups", |m| {
        matches!(m.chat.kind, ChatType::Group | ChatType::Supergroup)
    })
}

/// Channels.
pub fn channel() -> SharedFilter {
    on_message("chat_type::channel", |m| m.chat.kind == ChatType::Channel)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{chat, message};
    use super::*;
    use serde_json::json;

    #[test]
    fn each_type_passes_only_its_chats() {
        let in_chat = |kind: &str| message(json!({"chat": chat(-1, kind, None)}));
        let table: [(SharedFilter, &[&str]); 5] = [
            (private(), &["private"]),
            (group(), &["group"]),
            (supergroup(), &["supergroup"]),
            (groups(), &["group", "supergroup"]),
            (channel(), &["channel"]),
        ];
        for (filter, passing) in table {
            for kind in ["private", "group", "supergroup", "channel", "guest_chat"] {
                assert_eq!(
                    filter.matches(&in_chat(kind)),
                    passing.contains(&kind),
                    "{} on {kind}",
                    filter.describe()
                );
            }
        }
    }
}
