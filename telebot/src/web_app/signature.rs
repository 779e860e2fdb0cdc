//! A third party's check of `initData`: Telegram's Ed25519 `signature` over
//! `"<bot_id>:WebAppData\n"` and the data-check string (without `hash` and `signature`).

use super::data::{check_age, check_string, fields};
use super::{InitDataError, WebAppInitData};
use base64::Engine;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use std::time::Duration;

/// Telegram's public keys for Web App data (from the Web Apps documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TelegramKey {
    /// The production environment's key.
    Production,
    /// The test environment's key.
    Test,
    /// Another key (32 bytes of an Ed25519 public key): what tests sign with.
    Custom([u8; 32]),
}

impl TelegramKey {
    fn bytes(self) -> [u8; 32] {
        match self {
            TelegramKey::Production => {
                hex32("e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d")
            }
            TelegramKey::Test => {
                hex32("40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec")
            }
            TelegramKey::Custom(bytes) => bytes,
        }
    }
}

/// The 32 bytes of a 64-digit hex constant.
const fn hex32(text: &str) -> [u8; 32] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("a key constant is lowercase hex"),
        }
    }
    let text = text.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = digit(text[2 * i]) * 16 + digit(text[2 * i + 1]);
        i += 1;
    }
    out
}

/// Checks a Web App's `initData` the way a third party can, knowing only the bot's id: its
/// `signature` must be Telegram's (`key`) over this bot's data, and it must have been signed at
/// most `max_age` ago.
///
/// # Errors
/// [`InitDataError::SignatureMismatch`] for changed data, another bot's data or another key;
/// `Expired` for old data; `Malformed` for text that is not init data.
pub fn verify_init_data_signature(
    init_data: &str,
    bot_id: i64,
    key: TelegramKey,
    max_age: Duration,
) -> Result<WebAppInitData, InitDataError> {
    let fields = fields(init_data)?;
    let signature = fields
        .iter()
        .find(|(k, _)| k == "signature")
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| InitDataError::Malformed("`signature` is missing".into()))?;
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature.trim_end_matches('='))
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
        .ok_or(InitDataError::SignatureMismatch)?;
    let key = VerifyingKey::from_bytes(&key.bytes())
        .map_err(|_| InitDataError::Malformed("the key is not an Ed25519 public key".into()))?;
    let message = format!(
        "{bot_id}:WebAppData\n{}",
        check_string(&fields, &["hash", "signature"])
    );
    key.verify(message.as_bytes(), &signature)
        .map_err(|_| InitDataError::SignatureMismatch)?;
    let data = WebAppInitData::from_fields(fields)?;
    check_age(data.auth_date, max_age)?;
    Ok(data)
}
