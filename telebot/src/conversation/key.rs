//! [`KeyStrategy`]: which updates belong to the same run of a conversation.

use crate::{Update, UpdateKind};

/// What a conversation key is made of (PTB's `per_chat`, `per_user`, `per_message`, plus
/// `per_topic` for forum topics). Default: per chat and per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyStrategy {
    /// One conversation per chat (with `per_user`: per user in each chat).
    pub per_chat: bool,
    /// One conversation per user.
    pub per_user: bool,
    /// One conversation per message with inline buttons: only callback queries take part.
    pub per_message: bool,
    /// One conversation per forum topic (messages outside topics share topic `0`).
    pub per_topic: bool,
}

impl Default for KeyStrategy {
    fn default() -> Self {
        KeyStrategy {
            per_chat: true,
            per_user: true,
            per_message: false,
            per_topic: false,
        }
    }
}

impl KeyStrategy {
    /// Whether the key has at least one part.
    pub(crate) fn is_empty(&self) -> bool {
        !(self.per_chat || self.per_user || self.per_message || self.per_topic)
    }

    /// The update's conversation key (`"<chat>:<user>"` by default), or `None` when the update
    /// cannot belong to a conversation of this strategy (a channel post; no user for
    /// `per_user`; not a callback query for `per_message`; …).
    pub(crate) fn key(&self, update: &Update) -> Option<String> {
        if matches!(
            update.kind,
            UpdateKind::ChannelPost(_) | UpdateKind::EditedChannelPost(_)
        ) {
            return None;
        }
        let query = match &update.kind {
            UpdateKind::CallbackQuery(query) => Some(query),
            _ => None,
        };
        if self.per_message && query.is_none() {
            return None;
        }
        if self.per_chat && query.is_some_and(|q| q.message.is_none()) {
            return None;
        }
        let mut parts: Vec<String> = Vec::with_capacity(4);
        if self.per_chat {
            parts.push(update.effective_chat()?.id.to_string());
        }
        if self.per_topic {
            let topic = update
                .effective_message()
                .filter(|m| m.is_topic_message == Some(true))
                .and_then(|m| m.message_thread_id)
                .unwrap_or(0);
            parts.push(topic.to_string());
        }
        if self.per_user {
            parts.push(update.effective_user()?.id.to_string());
        }
        if self.per_message {
            let query = query?;
            let message = match (&query.inline_message_id, &query.message) {
                (Some(inline), _) => inline.clone(),
                (None, Some(message)) => message.message_id()?.to_string(),
                (None, None) => return None,
            };
            parts.push(message);
        }
        Some(parts.join(":"))
    }
}

#[cfg(test)]
mod tests {
    use super::KeyStrategy;
    use crate::Update;
    use serde_json::json;

    fn message(update_id: i64, thread: Option<i64>) -> Update {
        let mut message = json!({
            "message_id": 10, "date": 0, "text": "hi",
            "chat": {"id": -100, "type": "supergroup", "title": "forum", "is_forum": true},
            "from": {"id": 7, "is_bot": false, "first_name": "Ann"},
        });
        if let Some(thread) = thread {
            message["message_thread_id"] = json!(thread);
            message["is_topic_message"] = json!(true);
        }
        serde_json::from_value(json!({"update_id": update_id, "message": message}))
            .expect("a valid update")
    }

    #[test]
    fn per_topic_keeps_forum_topics_apart() {
        let topics = KeyStrategy {
            per_topic: true,
            ..KeyStrategy::default()
        };
        assert_eq!(
            topics.key(&message(1, Some(3))).as_deref(),
            Some("-100:3:7")
        );
        assert_eq!(
            topics.key(&message(2, Some(4))).as_deref(),
            Some("-100:4:7")
        );
        assert_eq!(topics.key(&message(3, None)).as_deref(), Some("-100:0:7"));
        assert_eq!(
            KeyStrategy::default().key(&message(4, Some(3))).as_deref(),
            Some("-100:7")
        );
    }

    #[test]
    fn channel_posts_and_non_callback_updates_for_per_message_have_no_key() {
        let post: Update = serde_json::from_value(json!({"update_id": 1, "channel_post": {
            "message_id": 1, "date": 0, "text": "news",
            "chat": {"id": -200, "type": "channel", "title": "news"},
        }}))
        .expect("a valid update");
        assert_eq!(KeyStrategy::default().key(&post), None);
        let per_message = KeyStrategy {
            per_message: true,
            ..KeyStrategy::default()
        };
        assert_eq!(per_message.key(&message(2, None)), None);
    }
}
