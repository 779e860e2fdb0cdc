//! Filters on the chat a message was sent in, or on behalf of.
//!
//! For the chat's type see [`chat_type`](super::chat_type).

use super::SharedFilter;
use super::custom::on_message;
use super::ids::id_set_filter;

id_set_filter! {
    /// Messages sent in one of a set of chats, by id or `@username`. The set can change while
    /// the bot runs: every filter built with [`filter`](Chats::filter) shares it.
    ///
    /// ```
    /// use telebot::filters::{self, Chats};
    /// let admins_chats = Chats::new([-1001876543210]).with_usernames(["@rust_learners"]);
    /// let handler_filter = filters::command() & admins_chats.filter();
    /// admins_chats.add(-1002589034417); // seen by `handler_filter` from now on
    /// assert!(admins_chats.contains(-1002589034417));
    /// assert_eq!(
    ///     handler_filter.describe(),
    ///     "command & chats([-1002589034417, -1001876543210, @rust_learners])"
    /// );
    /// ```
    Chats, "chats", "chats",
    |m| Some((m.chat.id, m.chat.username.as_deref()))
}

id_set_filter! {
    /// Messages sent on behalf of one of a set of chats (`sender_chat`: channels posting in
    /// their linked group, anonymous group admins, channel posts), by id or `@username`.
    /// Changeable at run time like [`Chats`].
    SenderChats, "sender_chats", "sender chats",
    |m| m.sender_chat.as_deref().map(|c| (c.id, c.username.as_deref()))
}

id_set_filter! {
    /// Messages forwarded from one of a set of users or chats (PTB's `ForwardedFrom`), by id or
    /// `@username`: the original sender of a forwarded message, or the chat or channel it was
    /// posted in. Changeable at run time like [`Chats`].
    ForwardedFrom, "forwarded_from", "users or chats",
    |m| match m.forward_origin.as_ref()? {
        crate::api::MessageOrigin::User(o) => {
            Some((o.sender_user.id, o.sender_user.username.as_deref()))
        }
        crate::api::MessageOrigin::Chat(o) => {
            Some((o.sender_chat.id, o.sender_chat.username.as_deref()))
        }
        crate::api::MessageOrigin::Channel(o) => Some((o.chat.id, o.chat.username.as_deref())),
        _ => None,
    }
}

/// Messages sent in a forum supergroup (one with topics).
pub fn is_forum() -> SharedFilter {
    on_message("chat::is_forum", |m| m.chat.is_forum == Some(true))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{chat, message};
    use super::*;
    use serde_json::json;

    #[test]
    fn chats_by_id_and_username_change_at_run_time() {
        let in_rust = message(json!({"chat": chat(-100, "supergroup", Some("Rust_Chat"))}));
        let elsewhere = message(json!({"chat": chat(-200, "group", None)}));
        let chats = Chats::new([-200]);
        let f = chats.filter();
        assert!(f.matches(&elsewhere));
        assert!(!f.matches(&in_rust));
        chats.add_username("@rust_chat");
        assert!(f.matches(&in_rust));
        assert!(chats.remove(-200));
        assert!(!f.matches(&elsewhere));
        assert!(!chats.contains(-200));
        assert_eq!(f.describe(), "chats([@rust_chat])");
        chats.clear();
        assert!(!f.matches(&in_rust));
    }

    #[test]
    fn another_thread_can_update_the_set_of_a_filter_in_use() {
        let chats = Chats::default();
        let f = chats.filter();
        let in_chat = message(json!({"chat": chat(-7, "group", None)}));
        assert!(!f.matches(&in_chat));
        std::thread::scope(|s| {
            let chats = chats.clone();
            s.spawn(move || chats.add(-7)).join().unwrap();
        });
        assert!(f.matches(&in_chat));
    }

    #[test]
    fn sender_chats_need_a_sender_chat() {
        let anon = message(json!({"chat": chat(-100, "supergroup", None),
            "sender_chat": chat(-300, "channel", Some("news"))}));
        let plain = message(json!({"chat": chat(-300, "channel", Some("news"))}));
        let by_name = SenderChats::from_usernames(["NEWS"]).filter();
        assert!(by_name.matches(&anon));
        assert!(!by_name.matches(&plain));
        assert!(SenderChats::new([-300]).filter().matches(&anon));
        assert!(!SenderChats::new([-100]).filter().matches(&anon));
        assert!(
            SenderChats::default()
                .allow_empty(true)
                .filter()
                .matches(&anon)
        );
        assert!(
            !SenderChats::default()
                .allow_empty(true)
                .filter()
                .matches(&plain)
        );
    }

    #[test]
    fn forum() {
        let mut forum = chat(-100, "supergroup", None);
        forum["is_forum"] = json!(true);
        assert!(is_forum().matches(&message(json!({"chat": forum}))));
        assert!(!is_forum().matches(&message(json!({"chat": chat(-100, "supergroup", None)}))));
    }
}
