//! Shortcuts PTB users reach for: `message.reply_text(&bot, "…")`, `query.answer(&bot)`, …
//! Each returns the same [`Request`] builder as the matching `Bot` method, with the ids filled in.

use crate::api::methods::{
    AnswerCallbackQuery, AnswerInlineQuery, CopyMessage, DeleteMessage, EditMessageReplyMarkup,
    EditMessageText, ForwardMessage, SendDocument, SendMessage, SendPhoto,
};
use crate::api::{CallbackQuery, InlineQuery, InlineQueryResult, Message, ReplyParameters};
use crate::{ChatId, Executor, InputFile, Request};

impl Message {
    /// The id of the chat the message is in.
    pub fn chat_id(&self) -> i64 {
        self.chat.id
    }

    /// The reply to this message, unless the executor's defaults say not to quote.
    fn reply_parameters<E: Executor>(&self, bot: &E) -> Option<ReplyParameters> {
        bot.quotes_replies()
            .then(|| ReplyParameters::new(self.message_id))
    }

    fn thread_id(&self) -> Option<i64> {
        if self.is_topic_message == Some(true) {
            self.message_thread_id
        } else {
            None
        }
    }

    /// Replies to this message with text, in the same chat (and forum topic). The message is
    /// sent as a reply to this one unless the bot's `Defaults::do_quote` is `false`.
    ///
    /// ```
    /// # let bot = telebot_client::Bot::new("1:x");
    /// let message: telebot_api::api::Message = serde_json::from_str(
    ///     r#"{"message_id": 9, "date": 1, "chat": {"id": -5, "type": "group"}}"#).unwrap();
    /// let request = message.reply_text(&bot, "pong");
    /// assert_eq!(request.params().chat_id, telebot_api::ChatId::Id(-5));
    /// assert_eq!(request.params().reply_parameters.as_ref().map(|r| r.message_id), Some(9));
    /// ```
    pub fn reply_text<E: Executor>(
        &self,
        bot: &E,
        text: impl Into<String>,
    ) -> Request<SendMessage, E> {
        let mut params = SendMessage::new(self.chat.id, text);
        params.reply_parameters = self.reply_parameters(bot);
        params.message_thread_id = self.thread_id();
        params.business_connection_id = self.business_connection_id.clone();
        Request::new(bot.clone(), params)
    }

    /// Replies with a photo.
    pub fn reply_photo<E: Executor>(
        &self,
        bot: &E,
        photo: impl Into<InputFile>,
    ) -> Request<SendPhoto, E> {
        let mut params = SendPhoto::new(self.chat.id, photo);
        params.reply_parameters = self.reply_parameters(bot);
        params.message_thread_id = self.thread_id();
        params.business_connection_id = self.business_connection_id.clone();
        Request::new(bot.clone(), params)
    }

    /// Replies with a document.
    pub fn reply_document<E: Executor>(
        &self,
        bot: &E,
        document: impl Into<InputFile>,
    ) -> Request<SendDocument, E> {
        let mut params = SendDocument::new(self.chat.id, document);
        params.reply_parameters = self.reply_parameters(bot);
        params.message_thread_id = self.thread_id();
        params.business_connection_id = self.business_connection_id.clone();
        Request::new(bot.clone(), params)
    }

    /// Replaces this message's text (a message the bot sent).
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

    /// Replaces or removes this message's inline keyboard.
    pub fn edit_reply_markup<E: Executor>(&self, bot: &E) -> Request<EditMessageReplyMarkup, E> {
        let params = EditMessageReplyMarkup {
            chat_id: Some(ChatId::Id(self.chat.id)),
            message_id: Some(self.message_id),
            business_connection_id: self.business_connection_id.clone(),
            ..EditMessageReplyMarkup::default()
        };
        Request::new(bot.clone(), params)
    }

    /// Deletes this message.
    pub fn delete<E: Executor>(&self, bot: &E) -> Request<DeleteMessage, E> {
        Request::new(
            bot.clone(),
            DeleteMessage::new(self.chat.id, self.message_id),
        )
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

impl CallbackQuery {
    /// Answers the query (stops the button's loading animation); chain `.text(..)` or
    /// `.show_alert(true)` to show something.
    pub fn answer<E: Executor>(&self, bot: &E) -> Request<AnswerCallbackQuery, E> {
        Request::new(bot.clone(), AnswerCallbackQuery::new(self.id.clone()))
    }
}

impl InlineQuery {
    /// Answers the inline query with results.
    pub fn answer<E: Executor>(
        &self,
        bot: &E,
        results: impl IntoIterator<Item = InlineQueryResult>,
    ) -> Request<AnswerInlineQuery, E> {
        Request::new(
            bot.clone(),
            AnswerInlineQuery::new(self.id.clone(), results),
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
