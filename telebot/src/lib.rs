//! telebot: a Telegram bot framework for async Rust.
//!
//! * [`api`]: every type and method of the Bot API, generated from the spec.
//! * [`Bot`]: the client; `bot.send_message(chat, "hi").await?`.
//! * [`format`](mod@format): escaping, mentions, deep links and UTF-16 entity slicing.
//! * [`jobs`]: the job queue: jobs once, repeating, daily, monthly or on cron expressions,
//!   persistent across restarts.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `webhooks` | no | `Application::run_webhook`: a built-in webhook server (hyper) |
//! | `testing` | no | [`testing`]: a fake Telegram Bot API server for end-to-end tests |
//! | `sqlite` | no | `persistence::SqlitePersistence`: SQLite (compiled in) as the persistence backend |
//! | `redis` | no | `persistence::RedisPersistence`: Redis as the persistence backend, shared by several instances |

extern crate self as telebot;

pub mod api;
pub mod application;
pub mod callback_data;
pub mod client;
pub mod context;
pub mod data;
pub mod dispatch;
pub mod extract;
pub mod filters;
pub mod format;
pub mod handlers;
pub mod jobs;
pub mod model;
pub mod persistence;
pub mod ratelimit;
#[cfg(feature = "testing")]
pub mod testing;
pub mod updates;

pub use api::{Update, UpdateKind};
pub use application::Application;
pub use client::{Bot, Error, Method, Request};
pub use context::CallbackContext;
pub use data::{BotData, ChatData, DataValue, UserData};
pub use handlers::{Flow, HandlerError, HandlerResult};
pub use model::{ChatAction, ChatId, ChatType, InputFile, MessageEntityType, ParseMode};

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
