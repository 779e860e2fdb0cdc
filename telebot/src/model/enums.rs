//! String values of the Bot API that are worth a Rust enum. Each keeps unknown values (from a
//! newer Bot API) in an `Other` variant instead of failing to decode.

use serde::{Deserialize, Serialize};

/// How Telegram parses entities in a text or caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ParseMode {
    /// `HTML`: `<b>`, `<i>`, `<a href>`, … (escape with [`crate::format::escape_html`]).
    #[serde(rename = "HTML")]
    Html,
    /// `MarkdownV2` (escape with [`crate::format::escape_markdown`]).
    MarkdownV2,
    /// The legacy `Markdown` mode.
    Markdown,
}

/// The kind of a chat.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatType {
    /// A one-to-one chat with a user.
    Private,
    /// A basic group.
    Group,
    /// A supergroup.
    Supergroup,
    /// A channel.
    Channel,
    /// A kind added by a newer Bot API.
    #[serde(untagged)]
    Other(String),
}

/// The kind of a [`MessageEntity`](crate::api::MessageEntity).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageEntityType {
    /// `@username`.
    Mention,
    /// `#hashtag`.
    Hashtag,
    /// `$USD`.
    Cashtag,
    /// `/start@bot`.
    BotCommand,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// A phone number.
    PhoneNumber,
    /// Bold text.
    Bold,
    /// Italic text.
    Italic,
    /// Underlined text.
    Underline,
    /// Struck-through text.
    Strikethrough,
    /// A spoiler.
    Spoiler,
    /// A block quotation.
    Blockquote,
    /// A block quotation collapsed by default.
    ExpandableBlockquote,
    /// Monowidth inline code.
    Code,
    /// A monowidth block.
    Pre,
    /// A clickable text URL.
    TextLink,
    /// A mention of a user without a username.
    TextMention,
    /// An inline custom emoji.
    CustomEmoji,
    /// A formatted date and time.
    DateTime,
    /// A kind added by a newer Bot API.
    #[serde(untagged)]
    Other(String),
}

/// What the bot is about to send, shown to users by `sendChatAction`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatAction {
    /// Typing a text message.
    Typing,
    /// Uploading a photo.
    UploadPhoto,
    /// Recording a video.
    RecordVideo,
    /// Uploading a video.
    UploadVideo,
    /// Recording a voice note.
    RecordVoice,
    /// Uploading a voice note.
    UploadVoice,
    /// Uploading a document.
    UploadDocument,
    /// Choosing a sticker.
    ChooseSticker,
    /// Finding a location.
    FindLocation,
    /// Recording a video note.
    RecordVideoNote,
    /// Uploading a video note.
    UploadVideoNote,
    /// An action added by a newer Bot API.
    #[serde(untagged)]
    Other(String),
}
