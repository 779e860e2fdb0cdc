use serde::{Deserialize, Deserializer, Serialize, de};
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ChatId {
    /// A numeric chat id (negative for groups, `-100…` for supergroups and channels).
    Id(i64),
    /// A public `@username`, always stored with its leading `@`.
    Username(String),
}

/// Read by a visitor of its own rather than serde's untagged derive, which buffers the value
/// to try each variant in turn: a chat id is read for every request the flood control scopes.
impl<'de> Deserialize<'de> for ChatId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChatIdVisitor;

        impl de::Visitor<'_> for ChatIdVisitor {
            type Value = ChatId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a chat id (an integer) or an @username")
            }

            fn visit_i64<E: de::Error>(self, id: i64) -> Result<ChatId, E> {
                Ok(ChatId::Id(id))
            }

            fn visit_u64<E: de::Error>(self, id: u64) -> Result<ChatId, E> {
                i64::try_from(id)
                    .map(ChatId::Id)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(id), &self))
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<ChatId, E> {
                Ok(ChatId::Username(name.to_string()))
            }

            fn visit_string<E: de::Error>(self, name: String) -> Result<ChatId, E> {
                Ok(ChatId::Username(name))
            }
        }

        deserializer.deserialize_any(ChatIdVisitor)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_id_reads_as_an_integer_or_a_username() {
        let read = |json: &str| serde_json::from_str::<ChatId>(json);
        assert_eq!(read("-1001234567890").unwrap(), ChatId::Id(-1001234567890));
        assert_eq!(read("42").unwrap(), ChatId::Id(42));
        assert_eq!(
            read(r#""@news""#).unwrap(),
            ChatId::Username("@news".into())
        );
        assert_eq!(
            read(r#""caf\u00e9""#).unwrap(),
            ChatId::Username("café".into())
        );
        for refused in ["18446744073709551615", "1.5", "true", "null", "[1]", "{}"] {
            let error = read(refused).unwrap_err().to_string();
            assert!(
                error.contains("a chat id (an integer) or an @username"),
                "{refused}: {error}"
            );
        }
        let sent = serde_json::to_string(&ChatId::Username("@news".into())).unwrap();
        assert_eq!(read(&sent).unwrap(), ChatId::Username("@news".into()));
    }
}
