//! A fake Telegram Bot API server for end-to-end tests, and the terminal sandbox: telebot's test
//! kit (`telebot::testing` with the feature `testing`).
//!
//! [`FakeTelegram`] serves real HTTP/1.1 on 127.0.0.1 and keeps a small Telegram world
//! (users, chats, members, messages, files, the update queue). A bot under test talks to it
//! exactly as to `api.telegram.org`; the test scripts users with [`TestUser`] and
//! [`TestChat`], waits for the bot's answers with [`FakeTelegram::expect_reply_to`] and
//! friends, inspects every request with [`FakeTelegram::calls`], and injects failures with
//! [`FakeTelegram::fault`].
//!
//! Methods that are part of the Bot API but not implemented here answer
//! `501 Not Implemented: FakeTelegram does not implement <method>`; names that are not Bot
//! API methods answer `404 Not Found: method not found`.

mod calls;
mod core;
mod error;
mod faults;
mod flood;
mod known_methods;
mod methods;
mod objects;
mod request;
mod sandbox;
mod script;
mod server;
mod state;
mod webchat;
mod webhook;

pub use calls::RecordedCall;
pub use faults::{Fault, FaultHandle};
pub use flood::{FloodLimits, FloodStats, MESSAGE_POSTING_METHODS, NOT_MESSAGE_POSTING, Window};
pub use request::UploadedFile;
pub use sandbox::{SANDBOX_VAR, Sandbox, Stop, run_or_sandbox};
pub use script::{
    AsChat, Button, CallbackAnswer, CallbackQueryHandle, FakeTelegram, FakeTelegramBuilder,
    InlineAnswer, InlineQueryHandle, SentMessage, TestChat, TestUser,
};
pub use state::{ChatKind, MemberStatus};
pub use webchat::WebChat;

// The layers below, under the paths the test kit's modules use.
pub(crate) use telebot_api::api;
pub(crate) use telebot_client::{Bot, ratelimit};
