//! The typed `initData`: the fields Telegram puts in the query string, the user and chat as
//! JSON inside it.

use super::InitDataError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a Web App was opened with, once checked: who opened it, from where, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebAppInitData {
    /// The id of the session, for `answerWebAppQuery` (Web Apps opened from a keyboard button
    /// of the attachment menu or an inline button).
    pub query_id: Option<String>,
    /// The user who opened the Web App.
    pub user: Option<WebAppUser>,
    /// The other party of a private chat the Web App was opened in from the attachment menu.
    pub receiver: Option<WebAppUser>,
    /// The group or channel the Web App was opened in from the attachment menu.
    pub chat: Option<WebAppChat>,
    /// The kind of chat it was opened from: `sender`, `private`, `group`, `supergroup` or
    /// `channel`.
    pub chat_type: Option<String>,
    /// An id of the chat it was opened from, stable for the chat.
    pub chat_instance: Option<String>,
    /// The `startapp` parameter of the link that opened it.
    pub start_param: Option<String>,
    /// Seconds after which a message can be sent with `answerWebAppQuery`.
    pub can_send_after: Option<i64>,
    /// When the data was signed (Unix seconds).
    pub auth_date: i64,
    /// The HMAC-SHA-256 of the other fields (hex).
    pub hash: String,
    /// Telegram's Ed25519 signature of the other fields (base64url), for third parties.
    pub signature: Option<String>,
    /// Fields this version of telebot does not know, as sent.
    pub unknown_fields: BTreeMap<String, String>,
}

/// A user as a Web App sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebAppUser {
    /// The user's (or bot's) id.
    pub id: i64,
    /// Whether it is a bot (only for `receiver`).
    #[serde(default)]
    pub is_bot: Option<bool>,
    /// First name.
    pub first_name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Username.
    #[serde(default)]
    pub username: Option<String>,
    /// IETF language tag of the user's language.
    #[serde(default)]
    pub language_code: Option<String>,
    /// Whether the user has Telegram Premium.
    #[serde(default)]
    pub is_premium: Option<bool>,
    /// Whether the user added the bot to the attachment menu.
    #[serde(default)]
    pub added_to_attachment_menu: Option<bool>,
    /// Whether the user allowed the bot to message them.
    #[serde(default)]
    pub allows_write_to_pm: Option<bool>,
    /// The URL of the user's profile photo.
    #[serde(default)]
    pub photo_url: Option<String>,
    /// Fields this version of telebot does not know.
    #[serde(flatten)]
    pub unknown_fields: serde_json::Map<String, serde_json::Value>,
}

/// A chat as a Web App sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebAppChat {
    /// The chat's id.
    pub id: i64,
    /// `group`, `supergroup` or `channel`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Title.
    pub title: String,
    /// Username.
    #[serde(default)]
    pub username: Option<String>,
    /// The URL of the chat's photo.
    #[serde(default)]
    pub photo_url: Option<String>,
    /// Fields this version of telebot does not know.
    #[serde(flatten)]
    pub unknown_fields: serde_json::Map<String, serde_json::Value>,
}

/// The query string's fields, decoded, in the order sent; a key given twice is refused.
pub(super) fn fields(init_data: &str) -> Result<Vec<(String, String)>, InitDataError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (key, value) in form_urlencoded::parse(init_data.as_bytes()) {
        if out.iter().any(|(k, _)| *k == key) {
            return Err(InitDataError::Malformed(format!("`{key}` is given twice")));
        }
        out.push((key.into_owned(), value.into_owned()));
    }
    Ok(out)
}

/// The data-check string: every field but those in `skip`, as `key=value` lines sorted by key.
pub(super) fn check_string(fields: &[(String, String)], skip: &[&str]) -> String {
    let mut lines: Vec<String> = fields
        .iter()
        .filter(|(key, _)| !skip.contains(&key.as_str()))
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    lines.sort();
    lines.join("\n")
}

impl WebAppInitData {
    /// The typed data from checked fields.
    pub(super) fn from_fields(fields: Vec<(String, String)>) -> Result<Self, InitDataError> {
        let mut data = WebAppInitData {
            query_id: None,
            user: None,
            receiver: None,
            chat: None,
            chat_type: None,
            chat_instance: None,
            start_param: None,
            can_send_after: None,
            auth_date: 0,
            hash: String::new(),
            signature: None,
            unknown_fields: BTreeMap::new(),
        };
        let mut auth_date = None;
        for (key, value) in fields {
            match key.as_str() {
                "query_id" => data.query_id = Some(value),
                "user" => data.user = Some(json(&key, &value)?),
                "receiver" => data.receiver = Some(json(&key, &value)?),
                "chat" => data.chat = Some(json(&key, &value)?),
                "chat_type" => data.chat_type = Some(value),
                "chat_instance" => data.chat_instance = Some(value),
                "start_param" => data.start_param = Some(value),
                "can_send_after" => data.can_send_after = Some(integer(&key, &value)?),
                "auth_date" => auth_date = Some(integer(&key, &value)?),
                "hash" => data.hash = value,
                "signature" => data.signature = Some(value),
                _ => {
                    data.unknown_fields.insert(key, value);
                }
            }
        }
        data.auth_date =
            auth_date.ok_or_else(|| InitDataError::Malformed("`auth_date` is missing".into()))?;
        Ok(data)
    }
}

fn json<T: serde::de::DeserializeOwned>(key: &str, value: &str) -> Result<T, InitDataError> {
    serde_json::from_str(value)
        .map_err(|e| InitDataError::Malformed(format!("`{key}` is not the JSON expected: {e}")))
}

fn integer(key: &str, value: &str) -> Result<i64, InitDataError> {
    value
        .parse()
        .map_err(|_| InitDataError::Malformed(format!("`{key}` is not an integer: {value:?}")))
}

/// Refuses data signed more than `max_age` ago (or more than a minute in the future: clocks
/// differ a little, not more).
pub(super) fn check_age(auth_date: i64, max_age: std::time::Duration) -> Result<(), InitDataError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let age = now - auth_date;
    if age < -60 {
        return Err(InitDataError::Malformed(format!(
            "`auth_date` is {} s in the future",
            -age
        )));
    }
    let age = std::time::Duration::from_secs(age.max(0) as u64);
    if age > max_age {
        return Err(InitDataError::Expired { age, max_age });
    }
    Ok(())
}
