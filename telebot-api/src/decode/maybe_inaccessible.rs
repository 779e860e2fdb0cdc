//! `MaybeInaccessibleMessage` has no tag: an inaccessible message is one whose `date` is 0.
//! Its three fields are also `Message`'s required ones, so both decode in one pass as a
//! `Message`, and a zero date turns it into an `InaccessibleMessage` (with the fields a
//! `Message` did not know and an `InaccessibleMessage` does not either).

use crate::api::{InaccessibleMessage, MaybeInaccessibleMessage, Message};
use serde::{Deserialize, Deserializer};

impl<'de> Deserialize<'de> for MaybeInaccessibleMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let message =
            serde::de::DeserializeSeed::deserialize(crate::api::types::MessageSeed, deserializer)?;
        if message.date == 0 {
            let Message {
                chat,
                message_id,
                date,
                unknown_fields,
                ..
            } = *message;
            let inaccessible = InaccessibleMessage {
                chat,
                message_id,
                date,
                unknown_fields,
            };
            return Ok(MaybeInaccessibleMessage::InaccessibleMessage(Box::new(
                inaccessible,
            )));
        }
        Ok(MaybeInaccessibleMessage::Message(message))
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
