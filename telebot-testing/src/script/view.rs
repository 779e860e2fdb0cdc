//! [`SentMessage`]: a snapshot of a stored message, as tests see it.

use serde_json::Value;

use crate::state::MessageRec;

/// A snapshot of a message stored by the fake server (sent by the bot or by a test user).
///
/// Until telebot has a typed `Message`, this small view carries the useful bits and the
/// full Bot API JSON in [`raw`](Self::raw).
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    /// The chat the message is in.
    pub chat_id: i64,
    /// The message id (increasing per chat).
    pub message_id: i64,
    /// The text of a text message.
    pub text: Option<String>,
    /// The caption of a media message.
    pub caption: Option<String>,
    /// True when the bot sent it.
    pub from_bot: bool,
    /// True when it has been deleted since.
    pub deleted: bool,
    /// The reply markup attached by the sender, of any kind. [`raw`](Self::raw) only holds
    /// inline keyboards, as Telegram returns only those.
    pub reply_markup: Option<Value>,
    /// The `Message` object as the Bot API returns it.
    pub raw: Value,
    pub(crate) version: u32,
}

/// A button of an inline keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// The label.
    pub text: String,
    /// The `callback_data`, for callback buttons.
    pub callback_data: Option<String>,
    /// The `url`, for URL buttons.
    pub url: Option<String>,
}

impl SentMessage {
    pub(crate) fn from_rec(chat_id: i64, message_id: i64, rec: &MessageRec) -> SentMessage {
        let text_of = |key: &str| rec.json.get(key).and_then(Value::as_str).map(str::to_owned);
        SentMessage {
            chat_id,
            message_id,
            text: text_of("text"),
            caption: text_of("caption"),
            from_bot: rec.from_bot,
            deleted: rec.deleted,
            reply_markup: rec.reply_markup.clone(),
            raw: rec.json.clone(),
            version: rec.version,
        }
    }

    /// The message as the typed [`Message`](crate::api::Message) the Bot API returns, or the
    /// decode error when the fake server's JSON does not fit it.
    pub fn message(&self) -> Result<crate::api::Message, serde_json::Error> {
        // From the text, with the decoder the client uses for `sendMessage`'s result: compiled
        // once in telebot-api, not again here.
        <crate::api::methods::SendMessage as telebot_api::Method>::decode_result(
            &self.raw.to_string(),
        )
    }

    /// The text, or `""` for a message without text.
    pub fn text(&self) -> &str {
        self.text.as_deref().unwrap_or_default()
    }

    /// The caption, or `""` for a message without caption.
    pub fn caption(&self) -> &str {
        self.caption.as_deref().unwrap_or_default()
    }

    /// The rows of the inline keyboard (empty when there is none).
    pub fn buttons(&self) -> Vec<Vec<Button>> {
        let markup = self.raw.get("reply_markup");
        keyboard_rows(markup, "inline_keyboard", |b| Button {
            text: b
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            callback_data: b
                .get("callback_data")
                .and_then(Value::as_str)
                .map(str::to_owned),
            url: b.get("url").and_then(Value::as_str).map(str::to_owned),
        })
    }

    /// The inline button with that label.
    pub fn button(&self, text: &str) -> Option<Button> {
        self.buttons()
            .into_iter()
            .flatten()
            .find(|b| b.text == text)
    }

    /// The labels of a reply keyboard (`ReplyKeyboardMarkup`) sent with the message.
    pub fn keyboard(&self) -> Vec<Vec<String>> {
        keyboard_rows(self.reply_markup.as_ref(), "keyboard", |b| {
            b.as_str()
                .or_else(|| b.get("text").and_then(Value::as_str))
                .unwrap_or_default()
                .to_owned()
        })
    }

    /// The id of the message this one replies to.
    pub fn reply_to_message_id(&self) -> Option<i64> {
        self.raw
            .get("reply_to_message")?
            .get("message_id")?
            .as_i64()
    }

    /// The `media_group_id` of an album item.
    pub fn media_group_id(&self) -> Option<&str> {
        self.raw.get("media_group_id")?.as_str()
    }

    /// True once edited (`edit_date` is set).
    pub fn is_edited(&self) -> bool {
        self.raw.get("edit_date").is_some()
    }

    /// The `entities` of the text (empty when none).
    pub fn entities(&self) -> Vec<Value> {
        self.raw
            .get("entities")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// The `file_id` of the message's media: the largest photo size, or the document,
    /// video, audio, animation, voice, video note or sticker.
    pub fn file_id(&self) -> Option<&str> {
        if let Some(sizes) = self.raw.get("photo").and_then(Value::as_array) {
            return sizes.last()?.get("file_id")?.as_str();
        }
        [
            "document",
            "video",
            "audio",
            "animation",
            "voice",
            "video_note",
            "sticker",
        ]
        .iter()
        .find_map(|k| self.raw.get(*k)?.get("file_id")?.as_str())
    }

    /// A one-line description used in failure messages.
    pub(crate) fn describe(&self) -> String {
        let body = match (&self.text, &self.caption) {
            (Some(text), _) => format!("{text:?}"),
            (None, Some(caption)) => format!("caption {caption:?}"),
            (None, None) => {
                let kind = self
                    .raw
                    .as_object()
                    .and_then(|m| {
                        m.keys().find(|k| {
                            ![
                                "message_id",
                                "from",
                                "chat",
                                "date",
                                "sender_chat",
                                "edit_date",
                            ]
                            .contains(&k.as_str())
                        })
                    })
                    .cloned()
                    .unwrap_or_else(|| "message".into());
                format!("<{kind}>")
            }
        };
        let deleted = if self.deleted { " (deleted)" } else { "" };
        format!(
            "chat {} #{}: {body}{deleted}",
            self.chat_id, self.message_id
        )
    }
}

/// The rows of buttons under `key` of a reply markup, each button read by `button` (empty
/// when the markup or the keyboard is missing).
fn keyboard_rows<T>(
    markup: Option<&Value>,
    key: &str,
    button: impl Fn(&Value) -> T,
) -> Vec<Vec<T>> {
    let rows = markup
        .and_then(|m| m.get(key))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    rows.iter()
        .map(|row| {
            row.as_array()
                .map(|row| row.iter().map(&button).collect())
                .unwrap_or_default()
        })
        .collect()
}
