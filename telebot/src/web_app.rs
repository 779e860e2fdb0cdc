//! Web Apps (Mini Apps): checking the `initData` a Web App page receives from Telegram and
//! hands to your server, before trusting who it says the user is.
//!
//! - [`validate_init_data`]: for the bot's own server, which knows the token: the data's `hash`
//!   is an HMAC-SHA-256 keyed by the token (through the `WebAppData` key), compared in constant
//!   time, and the data is no older than `max_age`.
//! - [`verify_init_data_signature`]: for a third party that knows only the bot's id: the
//!   data's Ed25519 `signature` by Telegram's key ([`TelegramKey`]).
//!
//! Both give the typed [`WebAppInitData`]. Answer a Web App's inline query with
//! `bot.answer_web_app_query(query_id, result)`.
//!
//! ```
//! use std::time::Duration;
//! # fn handle(init_data: &str, token: &str) -> Result<(), telebot::web_app::InitDataError> {
//! let data = telebot::web_app::validate_init_data(init_data, token, Duration::from_secs(3600))?;
//! if let Some(user) = &data.user {
//!     println!("request from user {} ({})", user.id, user.first_name);
//! }
//! # Ok(()) }
//! ```

mod data;
mod error;
mod hash;
mod signature;

pub use data::{WebAppChat, WebAppInitData, WebAppUser};
pub use error::InitDataError;
pub use hash::validate_init_data;
pub use signature::{TelegramKey, verify_init_data_signature};
