//! The bot's own check of `initData`: its `hash` is HMAC-SHA-256 of the data-check string,
//! keyed by HMAC-SHA-256 of the bot token keyed by `WebAppData`.

use super::data::{check_age, check_string, fields};
use super::{InitDataError, WebAppInitData};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// Checks a Web App's `initData` (the query string `Telegram.WebApp.initData` gives the page)
/// against the bot's token and returns it typed: its `hash` must match in constant time, and
/// it must have been signed at most `max_age` ago (a day is usual; shorter for anything that
/// acts on the user's behalf).
///
/// # Errors
/// [`InitDataError::HashMismatch`] for changed data or another bot's, `Expired` for old data,
/// `Malformed` for text that is not init data.
pub fn validate_init_data(
    init_data: &str,
    bot_token: &str,
    max_age: Duration,
) -> Result<WebAppInitData, InitDataError> {
    let fields = fields(init_data)?;
    let given = fields
        .iter()
        .find(|(key, _)| key == "hash")
        .map(|(_, value)| value.clone())
        .ok_or_else(|| InitDataError::Malformed("`hash` is missing".into()))?;
    let given = decode_hex(&given).ok_or(InitDataError::HashMismatch)?;
    let expected = expected_hash(bot_token, &check_string(&fields, &["hash"]));
    if !crate::constant_time::eq(&expected, &given) {
        return Err(InitDataError::HashMismatch);
    }
    let data = WebAppInitData::from_fields(fields)?;
    check_age(data.auth_date, max_age)?;
    Ok(data)
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC takes a key of any length");
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn expected_hash(bot_token: &str, check_string: &str) -> [u8; 32] {
    let secret = hmac(b"WebAppData", bot_token.as_bytes());
    hmac(&secret, check_string.as_bytes())
}

/// Lowercase or uppercase hex of 32 bytes; `None` for anything else.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
