//! `MaybeInaccessibleMessage` has no tag: an inaccessible message is one whose `date` is 0.

use crate::api::{InaccessibleMessage, MaybeInaccessibleMessage, Message};
use serde::{Deserialize, Deserializer};

impl<'de> Deserialize<'de> for MaybeInaccessibleMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let date = value.get("date").and_then(serde_json::Value::as_i64);
        let decoded = match date {
            Some(0) => serde_json::from_value::<InaccessibleMessage>(value.clone())
                .map(MaybeInaccessibleMessage::InaccessibleMessage),
            _ => serde_json::from_value::<Message>(value.clone())
                .map(|m| MaybeInaccessibleMessage::Message(Box::new(m))),
        };
        Ok(decoded.unwrap_or(MaybeInaccessibleMessage::Unknown(value)))
    }
}

impl MaybeInaccessibleMessage {
    /// The message, when the bot can still access it.
    pub fn accessible(&self) -> Option<&Message> {
        match self {
            MaybeInaccessibleMessage::Message(m) => Some(m),
            _ => None,
        }
    }

    /// The id of the message, accessible or not.
    pub fn message_id(&self) -> Option<i64> {
        match self {
            MaybeInaccessibleMessage::Message(m) => Some(m.message_id),
            MaybeInaccessibleMessage::InaccessibleMessage(m) => Some(m.message_id),
            MaybeInaccessibleMessage::Unknown(v) => {
                v.get("message_id").and_then(serde_json::Value::as_i64)
            }
        }
    }

    /// The chat the message belongs to.
    pub fn chat(&self) -> Option<&crate::api::Chat> {
        match self {
            MaybeInaccessibleMessage::Message(m) => Some(&m.chat),
            MaybeInaccessibleMessage::InaccessibleMessage(m) => Some(&m.chat),
            MaybeInaccessibleMessage::Unknown(_) => None,
        }
    }
}
