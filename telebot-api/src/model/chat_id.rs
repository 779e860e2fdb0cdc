use serde::{Deserialize, Serialize};
use std::fmt;

/// A chat to send to: its numeric id, or the `@username` of a public channel or group.
///
/// ```
/// use telebot_api::ChatId;
/// assert_eq!(ChatId::from(-1001234567890), ChatId::Id(-1001234567890));
/// assert_eq!(ChatId::from("@telegram"), ChatId::Username("@telegram".into()));
/// assert_eq!(ChatId::from("telegram").to_string(), "@telegram");
/// assert_eq!(serde_json::to_string(&ChatId::from(42)).unwrap(), "42");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ChatId {
    /// A numeric chat id (negative for groups, `-100…` for supergroups and channels).
    Id(i64),
    /// A public `@username`, always stored with its leading `@`.
    Username(String),
}

impl ChatId {
    /// The numeric id, when this is one.
    pub fn as_id(&self) -> Option<i64> {
        match self {
            ChatId::Id(id) => Some(*id),
            ChatId::Username(_) => None,
        }
    }
}

impl From<i64> for ChatId {
    fn from(id: i64) -> Self {
        ChatId::Id(id)
    }
}

impl From<&str> for ChatId {
    fn from(name: &str) -> Self {
        match name.parse::<i64>() {
            Ok(id) => ChatId::Id(id),
            Err(_) if name.starts_with('@') => ChatId::Username(name.to_string()),
            Err(_) => ChatId::Username(format!("@{name}")),
        }
    }
}

impl From<String> for ChatId {
    fn from(name: String) -> Self {
        ChatId::from(name.as_str())
    }
}

impl From<&String> for ChatId {
    fn from(name: &String) -> Self {
        ChatId::from(name.as_str())
    }
}

impl From<&crate::api::Chat> for ChatId {
    fn from(chat: &crate::api::Chat) -> Self {
        ChatId::Id(chat.id)
    }
}

impl From<&crate::api::User> for ChatId {
    fn from(user: &crate::api::User) -> Self {
        ChatId::Id(user.id)
    }
}

impl fmt::Display for ChatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChatId::Id(id) => write!(f, "{id}"),
            ChatId::Username(name) => f.write_str(name),
        }
    }
}
