//! String values of the Bot API that are worth a Rust enum. Each keeps unknown values (from a
//! newer Bot API) in an `Other` variant instead of failing to decode, and decodes straight from
//! the string without buffering.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a string enum with an `Other(String)` fallback and its wire names.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value added by a newer Bot API, kept as received.
            Other(String),
        }

        impl $name {
            /// The value as Telegram spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

string_enum! {
    /// How Telegram parses entities in a text or caption.
    ParseMode {
        /// `HTML`: `<b>`, `<i>`, `<a href>`, … (escape with [`crate::format::escape_html`]).
        Html = "HTML",
        /// `MarkdownV2` (escape with [`crate::format::escape_markdown`]).
        MarkdownV2 = "MarkdownV2",
        /// The legacy `Markdown` mode.
        Markdown = "Markdown",
    }
}

string_enum! {
    /// The kind of a chat.
    ChatType {
        /// A one-to-one chat with a user.
        Private = "private",
        /// A basic group.
        Group = "group",
        /// A supergroup.
        Supergroup = "supergroup",
        /// A channel.
        Channel = "channel",
    }
}

string_enum! {
    /// The kind of a [`MessageEntity`](crate::api::MessageEntity).
    MessageEntityType {
        /// `@username`.
        Mention = "mention",
        /// `#hashtag`.
        Hashtag = "hashtag",
        /// `$USD`.
        Cashtag = "cashtag",
        /// `/start@bot`.
        BotCommand = "bot_command",
        /// A URL.
        Url = "url",
        /// An e-mail address.
        Email = "email",
        /// A phone number.
        PhoneNumber = "phone_number",
        /// Bold text.
        Bold = "bold",
        /// Italic text.
        Italic = "italic",
        /// Underlined text.
        Underline = "underline",
        /// Struck-through text.
        Strikethrough = "strikethrough",
        /// A spoiler.
        Spoiler = "spoiler",
        /// A block quotation.
        Blockquote = "blockquote",
        /// A block quotation collapsed by default.
        ExpandableBlockquote = "expandable_blockquote",
        /// Monowidth inline code.
        Code = "code",
        /// A monowidth block.
        Pre = "pre",
        /// A clickable text URL.
        TextLink = "text_link",
        /// A mention of a user without a username.
        TextMention = "text_mention",
        /// An inline custom emoji.
        CustomEmoji = "custom_emoji",
        /// A formatted date and time.
        DateTime = "date_time",
    }
}

string_enum! {
    /// What the bot is about to send, shown to users by `sendChatAction`.
    ChatAction {
        /// Typing a text message.
        Typing = "typing",
        /// Uploading a photo.
        UploadPhoto = "upload_photo",
        /// Recording a video.
        RecordVideo = "record_video",
        /// Uploading a video.
        UploadVideo = "upload_video",
        /// Recording a voice note.
        RecordVoice = "record_voice",
        /// Uploading a voice note.
        UploadVoice = "upload_voice",
        /// Uploading a document.
        UploadDocument = "upload_document",
        /// Choosing a sticker.
        ChooseSticker = "choose_sticker",
        /// Finding a location.
        FindLocation = "find_location",
        /// Recording a video note.
        RecordVideoNote = "record_video_note",
        /// Uploading a video note.
        UploadVideoNote = "upload_video_note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        let t: ChatType = serde_json::from_str("\"supergroup\"").unwrap();
        assert_eq!(t, ChatType::Supergroup);
        let t: ChatType = serde_json::from_str("\"guest_chat\"").unwrap();
        assert_eq!(t, ChatType::Other("guest_chat".into()));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"guest_chat\"");
        assert_eq!(serde_json::to_string(&ParseMode::Html).unwrap(), "\"HTML\"");
        assert_eq!(ChatAction::from("upload_photo"), ChatAction::UploadPhoto);
        let e: MessageEntityType =
            serde_json::from_value(serde_json::json!("bot_command")).unwrap();
        assert_eq!(e, MessageEntityType::BotCommand);
    }
}
