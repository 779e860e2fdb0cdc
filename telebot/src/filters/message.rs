//! Filters on single fields any message can have.

use super::SharedFilter;
use super::custom::on_message;

/// Messages forwarded from elsewhere (`forward_origin` is set; automatic forwards from a
/// linked channel included).
pub fn forwarded() -> SharedFilter {
    on_message("forwarded", |m| m.forward_origin.is_some())
}

/// Messages that reply to a message of the same chat (`reply_to_message`). Replies to other
/// chats' messages set `external_reply` instead and do not pass.
pub fn reply() -> SharedFilter {
    on_message("reply", |m| m.reply_to_message.is_some())
}

/// Replies that quote part of the replied-to message (`quote`).
pub fn quote() -> SharedFilter {
    on_message("quote", |m| m.quote.is_some())
}

/// Channel posts automatically forwarded to the channel's discussion group.
pub fn is_automatic_forward() -> SharedFilter {
    on_message("is_automatic_forward", |m| {
        m.is_automatic_forward == Some(true)
    })
}

/// Messages sent to a forum topic.
pub fn is_topic_message() -> SharedFilter {
    on_message("is_topic_message", |m| m.is_topic_message == Some(true))
}

/// Messages that cannot be forwarded or saved.
pub fn has_protected_content() -> SharedFilter {
    on_message("has_protected_content", |m| {
        m.has_protected_content == Some(true)
    })
}

/// Messages sent by an implicit action (an away or greeting business message, a scheduled
/// message) rather than by the user.
pub fn is_from_offline() -> SharedFilter {
    on_message("is_from_offline", |m| m.is_from_offline == Some(true))
}

/// Messages sent via any inline bot (`via_bot`); for specific bots see
/// [`ViaBots`](super::ViaBots).
pub fn via_bot() -> SharedFilter {
    on_message("via_bot", |m| m.via_bot.is_some())
}

/// Messages sent on behalf of a chat (`sender_chat`: channel posts, automatic forwards,
/// anonymous group admins); for specific chats see [`SenderChats`](super::SenderChats).
pub fn sender_chat() -> SharedFilter {
    on_message("sender_chat", |m| m.sender_chat.is_some())
}

/// Messages whose sender boosted the supergroup (`sender_boost_count` is set).
pub fn sender_boost_count() -> SharedFilter {
    on_message("sender_boost_count", |m| m.sender_boost_count.is_some())
}

/// Messages from a user (`from` is set; PTB's `USER`): not channel posts.
pub fn user() -> SharedFilter {
    on_message("user", |m| m.from.is_some())
}

/// Messages with a message effect (`effect_id`; PTB's `EFFECT_ID`).
pub fn effect_id() -> SharedFilter {
    on_message("effect_id", |m| m.effect_id.is_some())
}

/// Messages carrying Telegram Passport data (`passport_data`; PTB's `PASSPORT_DATA`).
pub fn passport_data() -> SharedFilter {
    on_message("passport_data", |m| m.passport_data.is_some())
}

/// Replies to a story (`reply_to_story`; PTB's `REPLY_TO_STORY`).
pub fn reply_to_story() -> SharedFilter {
    on_message("reply_to_story", |m| m.reply_to_story.is_some())
}

/// Suggested posts in a channel's direct messages (`suggested_post_info`; PTB's
/// `SUGGESTED_POST_INFO`).
pub fn suggested_post_info() -> SharedFilter {
    on_message("suggested_post_info", |m| m.suggested_post_info.is_some())
}

/// Messages in a channel's direct-messages chat (`chat.is_direct_messages`; PTB's
/// `DIRECT_MESSAGES`).
pub fn direct_messages() -> SharedFilter {
    on_message("direct_messages", |m| {
        m.chat.is_direct_messages == Some(true)
    })
}

/// Messages sent on behalf of a supergroup (anonymous admins; PTB's `SenderChat.SUPER_GROUP`).
pub fn sender_chat_supergroup() -> SharedFilter {
    on_message("sender_chat::supergroup", |m| {
        m.sender_chat
            .as_deref()
            .is_some_and(|c| c.kind == crate::ChatType::Supergroup)
    })
}

/// Messages sent on behalf of a channel (a channel post, or a channel writing in its linked
/// group; PTB's `SenderChat.CHANNEL`).
pub fn sender_chat_channel() -> SharedFilter {
    on_message("sender_chat::channel", |m| {
        m.sender_chat
            .as_deref()
            .is_some_and(|c| c.kind == crate::ChatType::Channel)
    })
}

/// Successful payments whose invoice payload is one of `payloads` (PTB's
/// `SuccessfulPayment(payloads)`); [`media::successful_payment`](super::media) takes any.
pub fn successful_payment_of<S: Into<String>>(
    payloads: impl IntoIterator<Item = S>,
) -> SharedFilter {
    let payloads: Vec<String> = payloads.into_iter().map(Into::into).collect();
    let name = format!("successful_payment({})", payloads.join(", "));
    on_message(name, move |m| {
        m.successful_payment
            .as_ref()
            .is_some_and(|p| payloads.contains(&p.invoice_payload))
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{chat, message, user};
    use super::*;
    use serde_json::json;

    #[test]
    fn each_filter_tests_its_field() {
        let replied = json!({"message_id": 5, "date": 1, "chat": {"id": 10, "type": "private"}});
        let cases: Vec<(SharedFilter, serde_json::Value)> = vec![
            (
                forwarded(),
                json!({"forward_origin": {"type": "hidden_user", "date": 1,
                "sender_user_name": "X"}}),
            ),
            (reply(), json!({"reply_to_message": replied})),
            (quote(), json!({"quote": {"text": "q", "position": 0}})),
            (
                is_automatic_forward(),
                json!({"is_automatic_forward": true}),
            ),
            (is_topic_message(), json!({"is_topic_message": true})),
            (
                has_protected_content(),
                json!({"has_protected_content": true}),
            ),
            (is_from_offline(), json!({"is_from_offline": true})),
            (via_bot(), json!({"via_bot": user(3, Some("gif"))})),
            (
                sender_chat(),
                json!({"sender_chat": chat(-5, "channel", None)}),
            ),
            (sender_boost_count(), json!({"sender_boost_count": 2})),
        ];
        let plain = message(json!({"text": "plain"}));
        for (filter, fields) in cases {
            assert!(filter.matches(&message(fields)), "{}", filter.describe());
            assert!(!filter.matches(&plain), "{}", filter.describe());
        }
        assert!(!is_topic_message().matches(&message(json!({"is_topic_message": false}))));
    }
}
