//! Deep links (`t.me/<bot>?start=<payload>`): the links that start a chat with the bot with a
//! payload, which reaches the bot as `/start <payload>` (route it with
//! `CommandHandler::payload` or `#[command("start", payload = r"…")]`).
//!
//! ```
//! use telebot::deep_link;
//! assert_eq!(
//!     deep_link::start("my_bot", "ref-42").unwrap(),
//!     "https://t.me/my_bot?start=ref-42"
//! );
//! assert_eq!(
//!     deep_link::start_group("my_bot", "setup").unwrap(),
//!     "https://t.me/my_bot?startgroup=setup"
//! );
//! assert!(deep_link::start("my_bot", "not allowed!").is_err());
//! ```

/// The longest payload Telegram passes on.
pub const MAX_PAYLOAD_LEN: usize = 64;

/// Why a deep link could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeepLinkError {
    /// The payload is longer than [`MAX_PAYLOAD_LEN`].
    #[error(
        "a deep-link payload has at most {MAX_PAYLOAD_LEN} characters; this one has {0} (store the data and link its key, or encode it shorter)"
    )]
    TooLong(usize),
    /// The payload has a character Telegram does not pass on.
    #[error(
        "a deep-link payload takes only A-Z, a-z, 0-9, `_` and `-`; {0:?} is not one (base64url-encode other data)"
    )]
    BadCharacter(char),
    /// The bot's username is empty.
    #[error("a deep link needs the bot's username")]
    NoUsername,
}

/// A link that opens a private chat with the bot; pressing Start sends `/start <payload>`.
///
/// # Errors
/// A payload that is too long or has a character Telegram does not pass on.
pub fn start(bot_username: &str, payload: &str) -> Result<String, DeepLinkError> {
    link(bot_username, "start", payload)
}

/// A link that asks the user for a group to add the bot to; the bot then gets
/// `/start <payload>` in that group.
///
/// # Errors
/// As [`start`].
pub fn start_group(bot_username: &str, payload: &str) -> Result<String, DeepLinkError> {
    link(bot_username, "startgroup", payload)
}

/// A link that opens the bot's main Mini App with `start_param` set to the payload.
///
/// # Errors
/// As [`start`].
pub fn start_app(bot_username: &str, payload: &str) -> Result<String, DeepLinkError> {
    link(bot_username, "startapp", payload)
}

fn link(bot_username: &str, parameter: &str, payload: &str) -> Result<String, DeepLinkError> {
    let username = bot_username.trim_start_matches('@');
    if username.is_empty() {
        return Err(DeepLinkError::NoUsername);
    }
    check_payload(payload)?;
    Ok(format!("https://t.me/{username}?{parameter}={payload}"))
}

/// Checks a payload: at most [`MAX_PAYLOAD_LEN`] characters of `A-Z a-z 0-9 _ -`.
///
/// # Errors
/// The first thing wrong with it.
pub fn check_payload(payload: &str) -> Result<(), DeepLinkError> {
    if let Some(bad) = payload
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(DeepLinkError::BadCharacter(bad));
    }
    if payload.len() > MAX_PAYLOAD_LEN {
        return Err(DeepLinkError::TooLong(payload.len()));
    }
    Ok(())
}
