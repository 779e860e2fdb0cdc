//! Hand-written parts of the Bot API model that the generated [`crate::api`] builds on: chat ids,
//! files to send, the string enums worth typing, and the conveniences PTB users expect
//! (`update.effective_chat()`, `message.reply_text(..)`, keyboard constructors).

mod chat_id;
mod chat_member;
mod effective;
mod enums;
mod input_file;
mod key;
mod keyboard_builder;
mod keyboards;
mod maybe_inaccessible;
mod object_field;
mod shortcuts;
pub(crate) mod union;
mod unknown_fields;

pub use chat_id::ChatId;
pub use chat_member::StatusChange;
pub use effective::Sender;
pub(crate) use effective::boost_user;
pub use enums::{ChatAction, ChatType, MessageEntityType, ParseMode};
pub use input_file::InputFile;
pub use input_file::{Upload, UploadCollector};
pub(crate) use key::Key;
pub use keyboard_builder::{
    InlineKeyboardBuilder, KeyboardBuilder, KeyboardButtonKind, KeyboardError, ReplyKeyboardBuilder,
};
pub(crate) use object_field::{fill_once, required};
pub use unknown_fields::UnknownFields;
pub(crate) use unknown_fields::keep_unknown;
