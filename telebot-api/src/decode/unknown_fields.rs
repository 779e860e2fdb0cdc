//! The fields of a Bot API object that this version of telebot does not know, kept so that a
//! stored or re-sent object loses nothing a newer Bot API added.

use super::Key;
use serde::de::{Deserialize, Deserializer, MapAccess};
use serde::ser::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// The fields of an object that its type does not declare, by name, as received.
///
/// Every generated type of [`crate::api`] (and [`Update`](crate::Update)) has a public field
/// `unknown_fields: UnknownFields`. Decoding puts there each field of the JSON object that the
/// Bot API version telebot was generated from does not have (a field a newer Bot API added);
/// encoding writes them back beside the known fields, so an object decoded and encoded again
/// (stored by persistence, appended to the cluster's update log, sent back to Telegram) is the
/// object Telegram sent. The discriminator of a union's variant (`"type": "user"` of a
/// `MessageOriginUser`) is written by the union and is not an unknown field.
///
/// Empty, it is a null pointer: objects without unknown fields pay no allocation for it.
///
/// ```
/// use telebot_api::api::User;
///
/// let user: User = serde_json::from_str(
///     r#"{"id": 1, "is_bot": false, "first_name": "Ann", "accent_color_id": 5}"#,
/// )?;
/// assert_eq!(user.unknown_fields.get("accent_color_id"), Some(&serde_json::json!(5)));
/// assert_eq!(serde_json::to_value(&user)?["accent_color_id"], 5);
///
/// // Values built in code have none.
/// assert!(User::new(1, false, "Ann").unknown_fields.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Equality
///
/// Unknown fields take part in `PartialEq`: two objects that differ only in a field this
/// version does not know are different objects (they encode differently), so a decoded value
/// equals one built in code only when Telegram sent no unknown fields.
///
/// # Writing
///
/// [`insert`](Self::insert) can add a field by hand, for a Bot API feature newer than this
/// version of telebot. A name the type already declares would be written twice; don't.
#[derive(Clone, Default)]
pub struct UnknownFields(Option<Box<Map<String, Value>>>);

impl UnknownFields {
    /// No fields.
    pub const fn new() -> UnknownFields {
        UnknownFields(None)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|map| map.is_empty())
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |map| map.len())
    }

    /// The value of the field `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.as_ref()?.get(name)
    }

    /// Every field, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.as_map().map(Map::iter).into_iter().flatten()
    }

    /// Adds or replaces the field `name`, returning the value it replaced.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) -> Option<Value> {
        self.0
            .get_or_insert_with(Box::default)
            .insert(name.into(), value)
    }

    /// Removes the field `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let map = self.0.as_mut()?;
        let removed = map.remove(name);
        if map.is_empty() {
            self.0 = None;
        }
        removed
    }

    /// The fields as a JSON object (`None` when there are none).
    pub fn as_map(&self) -> Option<&Map<String, Value>> {
        self.0.as_deref()
    }

    /// The fields as a JSON object.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl PartialEq for UnknownFields {
    fn eq(&self, other: &UnknownFields) -> bool {
        match (self.as_map(), other.as_map()) {
            (Some(a), Some(b)) => a == b,
            _ => self.is_empty() && other.is_empty(),
        }
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl From<Map<String, Value>> for UnknownFields {
    fn from(map: Map<String, Value>) -> UnknownFields {
        UnknownFields((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl FromIterator<(String, Value)> for UnknownFields {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(fields: I) -> UnknownFields {
        UnknownFields::from(fields.into_iter().collect::<Map<String, Value>>())
    }
}

/// A map of the fields; the generated types write it flattened into their own object.
impl Serialize for UnknownFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// From a JSON object of the fields.
impl<'de> Deserialize<'de> for UnknownFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(UnknownFields::from)
    }
}

/// Keeps the field `key`, whose value `map` is at, as an unknown field: the generated
/// visitors' arm for names their type does not declare. Out of line, so that the visitors' loop
/// over known fields stays as small as it was.
#[inline(never)]
pub(crate) fn keep_unknown<'de, A: MapAccess<'de>>(
    fields: &mut UnknownFields,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    fields.insert(key.into_string(), value);
    Ok(())
}
