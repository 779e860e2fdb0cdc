//! Hand-written parts of the Bot API model: the value types the generated [`crate::api`] uses
//! (chat ids, files to send, the string enums worth typing, the unknown fields every object
//! keeps) and the conveniences PTB users expect (`update.effective_chat()`,
//! `message.reply_text(..)`, keyboard constructors). How objects are decoded is
//! `crate::decode`'s business.

mod chat_id;
mod chat_member;
mod effective;
mod enums;
mod input_file;
mod keyboard_builder;
mod keyboards;
mod shortcuts;

pub use crate::decode::UnknownFields;
pub use chat_id::ChatId;
pub use chat_member::StatusChange;
pub use effective::Sender;
pub(crate) use effective::boost_user;
pub use enums::{ChatAction, ChatType, MessageEntityType, ParseMode};
pub use input_file::InputFile;
pub use input_file::{Upload, UploadCollector};
pub use keyboard_builder::{
    InlineKeyboardBuilder, KeyboardBuilder, KeyboardButtonKind, KeyboardError, ReplyKeyboardBuilder,
};
