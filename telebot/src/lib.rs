//! telebot: a Telegram bot framework for async Rust.
//!
//! The crate is being built issue by issue; see the workspace README.

#[cfg(feature = "testing")]
pub mod testing;

pub mod format;
