//! Why `initData` was refused.

use std::time::Duration;

/// Why a Web App's `initData` was refused. None of them holds the bot token.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum InitDataError {
    /// The text is not a query string of the fields Telegram sends (the message says what).
    #[error("Web App init data is malformed: {0}")]
    Malformed(String),
    /// The `hash` does not match: the data was changed, or signed for another bot's token.
    #[error("Web App init data does not match its hash: changed, or made for another bot")]
    HashMismatch,
    /// The Ed25519 `signature` does not match: the data was changed, or signed for another bot.
    #[error("Web App init data does not match its signature: changed, or made for another bot")]
    SignatureMismatch,
    /// The data was signed longer ago than allowed (`auth_date`).
    #[error("Web App init data is {age:?} old, more than the {max_age:?} allowed")]
    Expired {
        /// How old it is.
        age: Duration,
        /// The limit it was checked against.
        max_age: Duration,
    },
}
