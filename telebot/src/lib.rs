//! telebot: a Telegram bot framework for async Rust.
//!
//! * [`api`]: every type and method of the Bot API, generated from the spec.
//! * [`Bot`]: the client; `bot.send_message(chat, "hi").await?`.
//! * [`format`](mod@format): escaping, mentions, deep links and UTF-16 entity slicing.
//! * [`jobs`]: the job queue: jobs once, repeating, daily, monthly or on cron expressions,
//!   persistent across restarts.
//! * [`conversation`](mod@conversation): multi-step dialogues as typed state machines.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `webhooks` | no | `Application::run_webhook`: a built-in webhook server (hyper) |
//! | `testing` | no | [`testing`]: a fake Telegram Bot API server for end-to-end tests |
//! | `sqlite` | no | `persistence::SqlitePersistence`: SQLite (compiled in) as the persistence backend |
//! | `redis` | no | `persistence::RedisPersistence`: Redis as the persistence backend, shared by several instances |
//! | `cluster` | no | `cluster`: several instances of one bot on Redis (implies `redis`) |

extern crate self as telebot;

#[doc(hidden)]
pub mod __private;

pub mod application;
pub mod callback_data;
#[cfg(feature = "cluster")]
pub mod cluster;
pub mod commands;
mod constant_time;
pub mod context;
pub mod conversation;
pub mod data;
pub mod deep_link;
mod dispatch;
pub mod error_report;
pub mod extract;
pub mod filters;
pub mod handlers;
#[cfg(feature = "http-server")]
mod http_server;
pub mod jobs;
pub mod logging;
#[cfg(feature = "metrics")]
pub mod metrics;
pub mod middleware;
#[cfg(feature = "passport")]
pub mod passport;
pub mod persistence;
mod telemetry;
pub mod updates;
#[cfg(feature = "web-app")]
pub mod web_app;

// The layers below, under the paths bots use (ARCHITECTURE.md): the Bot API's types
// (`telebot-api`), the client (`telebot-client`) and the test kit (`telebot-testing`).
pub use telebot_api::{api, format, model};
pub use telebot_client::{self as client, ratelimit};
#[cfg(feature = "testing")]
pub use telebot_testing as testing;

pub use api::{Update, UpdateKind};
pub use application::Application;
pub use client::{Bot, Error, Method, Request};
pub use context::CallbackContext;
pub use data::{BotData, ChatData, DataValue, UserData};
pub use handlers::{Flow, HandlerError, HandlerResult};
pub use model::{ChatAction, ChatId, ChatType, InputFile, MessageEntityType, ParseMode};
// The attributes, `handlers![]` and the derives (also at `telebot::callback_data`); the
// attributes named after update kinds are generated from the update-kind table, so every kind
// reaches this crate without a list to keep.
pub use telebot_macros::*;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
