//! The HTTP client of the Bot API, telebot's second layer: [`Bot`] (one function per method of
//! the Bot API, generated), [`Request`] (the builder `bot.send_message(..)` returns), request
//! encoding (JSON, or multipart when files are uploaded), retries, [`Defaults`], flood control
//! ([`ratelimit`]) and the typed [`Error`].
//!
//! It stands on `telebot-api` (the types) and is re-exported by `telebot` as `telebot::client`
//! and `telebot::ratelimit`; `telebot::Bot`, `telebot::Error` and `telebot::Request` are the
//! same items.

mod backoff;
mod bot;
mod bot_methods;
mod defaults;
mod encode;
mod error;
pub mod layer;
mod observe;
pub mod poison;
pub mod ratelimit;
mod request;
mod response;
mod retry;
mod scope;

pub use backoff::Backoff;
pub use bot::{Bot, BotBuilder, DEFAULT_API_URL};
pub use defaults::Defaults;
pub use error::{Error, PersistenceError, ResponseParameters};
pub use observe::{CallObserver, CallOutcome, WaitCause};
pub use request::Request;
pub use retry::RetryPolicy;
pub use scope::FloodScope;
pub use telebot_api::Method;

// The layer below, under the paths the client's modules use.
pub(crate) use telebot_api::{ChatId, ParseMode, api, model};
