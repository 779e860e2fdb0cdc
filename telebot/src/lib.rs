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
pub mod dispatch;
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
pub use telebot_macros::{
    any_update, bot, business_connection, business_message, callback_query, channel_post,
    chat_boost, chat_join_request, chat_member, chosen_inline_result, command, conversation,
    deleted_business_messages, edited_message, error_handler, handlers, inline_query, job, main,
    managed_bot, media_group, message, message_reaction, message_reaction_count, my_chat_member,
    poll, poll_answer, pre_checkout_query, prefix, purchased_paid_media, regex, removed_chat_boost,
    shipping_query,
};

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
