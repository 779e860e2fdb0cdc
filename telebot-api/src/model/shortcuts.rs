//! The hand-written shortcuts and what the generated ones (`api/shortcuts.rs`:
//! `message.reply_text(&bot, "…")`, `query.answer(&bot)`, `chat.ban_member(&bot, user)`, …)
//! lean on. Each returns the same [`Request`] builder as the matching `Bot` method, with the
//! ids filled in.

use crate::api::methods::{CopyMessage, EditMessageText, ForwardMessage};
use crate::api::{Message, ReplyParameters};
use crate::{ChatId, Executor, Request};

impl Message {
    /// The id of the chat the message is in.
    pub fn chat_id(&self) -> i64 {
        self.chat.id
    }

    /// The reply to this message, for the generated `reply_*` shortcuts, unless the executor's
    /// defaults say not to quote.
    pub(crate) fn reply_to<E: Executor>(&self, bot: &E) -> Option<ReplyParameters> {
        bot.quotes_replies()
            .then(|| ReplyParameters::new(self.message_id))
    }

    /// The forum topic of the message, for the generated `reply_*` shortcuts.
    pub(crate) fn topic_thread_id(&self) -> Option<i64> {
        if self.is_topic_message == Some(true) {
            self.message_thread_id
        } else {
            None
        }
    }

    /// Replaces this message's text (a message the bot sent), through its business connection.
    pub fn edit_text<E: Executor>(
        &self,
        bot: &E,
        text: impl Into<String>,
    ) -> Request<EditMessageText, E> {
        let params = EditMessageText {
            text: Some(text.into()),
            chat_id: Some(ChatId::Id(self.chat.id)),
            message_id: Some(self.message_id),
            business_connection_id: self.business_connection_id.clone(),
            ..EditMessageText::default()
        };
        Request::new(bot.clone(), params)
    }

    /// Forwards this message to another chat.
    pub fn forward_to<E: Executor>(
        &self,
        bot: &E,
        chat_id: impl Into<ChatId>,
    ) -> Request<ForwardMessage, E> {
        Request::new(
            bot.clone(),
            ForwardMessage::new(chat_id, self.chat.id, self.message_id),
        )
    }

    /// Copies this message to another chat (no "forwarded from" header).
    pub fn copy_to<E: Executor>(
        &self,
        bot: &E,
        chat_id: impl Into<ChatId>,
    ) -> Request<CopyMessage, E> {
        Request::new(
            bot.clone(),
            CopyMessage::new(chat_id, self.chat.id, self.message_id),
        )
    }
}

impl Message {
    /// The text's entities with the slice of text each covers (offsets are UTF-16 code units;
    /// this does the conversion). Entities that do not fit the text are left out.
    ///
    /// ```
    /// let message: telebot_api::api::Message = serde_json::from_str(r#"{
    ///     "message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"},
    ///     "text": "👍 /start now",
    ///     "entities": [{"type": "bot_command", "offset": 3, "length": 6}]}"#).unwrap();
    /// let spans = message.parse_entities();
    /// assert_eq!(spans[0].text, "/start");
    /// assert_eq!(spans[0].kind.kind, telebot_api::MessageEntityType::BotCommand);
    /// ```
    pub fn parse_entities(&self) -> Vec<crate::format::EntitySpan<'_, &crate::api::MessageEntity>> {
        entity_spans(self.text.as_deref(), self.entities.as_deref())
    }

    /// The same for a caption and its `caption_entities`.
    pub fn parse_caption_entities(
        &self,
    ) -> Vec<crate::format::EntitySpan<'_, &crate::api::MessageEntity>> {
        entity_spans(self.caption.as_deref(), self.caption_entities.as_deref())
    }
}

fn entity_spans<'a>(
    text: Option<&'a str>,
    entities: Option<&'a [crate::api::MessageEntity]>,
) -> Vec<crate::format::EntitySpan<'a, &'a crate::api::MessageEntity>> {
    let (Some(text), Some(entities)) = (text, entities) else {
        return Vec::new();
    };
    let items = entities.iter().filter_map(|e| {
        let offset = usize::try_from(e.offset).ok()?;
        let length = usize::try_from(e.length).ok()?;
        Some((e, offset, length))
    });
    crate::format::parse_entities(text, items)
}
