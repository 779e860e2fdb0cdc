//! Decoding of the generated unions (`MessageOrigin`, `ChatMember`, …, and `MessageOrTrue`):
//! the value's JSON text is taken as it is, its tag read, and the variant decoded from the text
//! with the reader every decode uses (`serde_json::from_str`).
//!
//! serde's derive for an internally tagged or an untagged enum buffers the value in its own
//! `Content` tree and decodes the variants from that, which compiles every variant's decoder,
//! and the decoders of everything inside it, a second time for that input (for
//! `MessageOrTrue`, the whole `Message` tree). Here the variants share the decoders of every
//! other object.
//!
//! The outcome is the derive's: a known tag whose object decodes gives its variant; anything
//! else (an unknown or missing tag, a known tag whose object does not decode) goes to the
//! untagged variants in order (`Plain`, `Concat`), and last to `Unknown` with the raw JSON.

use super::Key;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;

/// How many unions may be decoded inside one another. Each starts a reader of its own, whose
/// recursion limit (128 levels of JSON) no longer counts the levels outside it: without this
/// limit a hostile `RichText` of arrays in arrays would recurse until the stack overflows. The
/// Bot API nests a handful; 64 fit in half a megabyte of stack (the test below).
const MAX_UNION_DEPTH: u32 = 64;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Decodes a union with `from_json`, its generated decoder of JSON text (a closure in the
/// union's `deserialize`, so that only the unions a build decodes are compiled).
pub(crate) fn decode<'de, D, T>(
    deserializer: D,
    from_json: fn(&str) -> serde_json::Result<T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    let _level = Level::enter().ok_or_else(|| de::Error::custom("recursion limit exceeded"))?;
    from_json(raw.get()).map_err(|error| de::Error::custom(without_position(&error)))
}

/// One union being decoded on this thread, until dropped.
struct Level;

impl Level {
    fn enter() -> Option<Level> {
        DEPTH.with(|depth| {
            let now = depth.get();
            (now < MAX_UNION_DEPTH).then(|| {
                depth.set(now + 1);
                Level
            })
        })
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(depth.get() - 1));
    }
}

/// The message of a `serde_json` error without its ` at line … column …`: the error is
/// reported again by the reader of the enclosing object, with the position in the whole input.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_string(),
        None => text,
    }
}

/// The tag of a union's JSON object: the string value of its field `field`. `None` when the
/// text is not an object, the field is missing, repeated, or not a string (serde's derive does
/// not find a variant then either).
pub(crate) fn tag<'a>(json: &'a str, field: &str) -> Option<Key<'a>> {
    struct Seek<'f>(&'f str);

    impl<'de> Visitor<'de> for Seek<'_> {
        type Value = Option<Key<'de>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if key.as_str() != self.0 {
                    map.next_value::<IgnoredAny>()?;
                } else if found.is_some() {
                    return Ok(None);
                } else {
                    found = Some(map.next_value::<Key<'de>>()?);
                }
            }
            Ok(found)
        }
    }

    let mut reader = serde_json::Deserializer::from_str(json);
    reader.deserialize_map(Seek(field)).ok().flatten()
}

#[cfg(test)]
mod tests {
    use crate::api::{ChatMember, MessageOrTrue, MessageOrigin, ReactionType, RichText};

    #[test]
    fn a_known_tag_decodes_its_variant_wherever_the_tag_is() {
        for json in [
            r#"{"type":"hidden_user","date":5,"sender_user_name":"Ann"}"#,
            r#"{"date":5,"sender_user_name":"Ann","type":"hidden_user"}"#,
        ] {
            let origin: MessageOrigin = serde_json::from_str(json).unwrap();
            assert!(
                matches!(&origin, MessageOrigin::HiddenUser(o) if o.sender_user_name == "Ann"),
                "{origin:?}"
            );
        }
    }

    #[test]
    fn what_has_no_known_variant_is_kept_raw() {
        for json in [
            // A kind this version does not know.
            r#"{"type":"story_author","date":5}"#,
            // A known kind whose object does not decode (no `sender_user_name`).
            r#"{"type":"hidden_user","date":5}"#,
            // No tag, a tag that is not a string, a repeated tag, not an object.
            r#"{"date":5}"#,
            r#"{"type":7,"date":5}"#,
            r#"{"type":"hidden_user","type":"hidden_user","date":5,"sender_user_name":"A"}"#,
            r#""hidden_user""#,
        ] {
            let origin: MessageOrigin = serde_json::from_str(json).unwrap();
            let expected: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            assert!(
                matches!(&origin, MessageOrigin::Unknown(raw) if *raw == expected),
                "{json}: {origin:?}"
            );
        }
    }

    #[test]
    fn the_status_and_type_tags_both_work_and_escapes_are_read() {
        let member: ChatMember = serde_json::from_str(
            r#"{"status":"left","user":{"id":1,"is_bot":false,"first_name":"A"}}"#,
        )
        .unwrap();
        assert!(matches!(member, ChatMember::Left(_)), "{member:?}");
        let reaction: ReactionType =
            serde_json::from_str(r#"{"type":"emoji","emoji":"\ud83d\udc4d"}"#).unwrap();
        assert!(
            matches!(&reaction, ReactionType::Emoji(r) if r.emoji == "👍"),
            "{reaction:?}"
        );
        let escaped_tag: ReactionType =
            serde_json::from_str(r#"{"type":"emoj\u0069","emoji":"x"}"#).unwrap();
        assert!(
            matches!(escaped_tag, ReactionType::Emoji(_)),
            "{escaped_tag:?}"
        );
    }

    #[test]
    fn untagged_variants_are_tried_in_order_after_the_tagged_ones() {
        let plain: RichText = serde_json::from_str(r#""hello""#).unwrap();
        assert!(
            matches!(&plain, RichText::Plain(s) if s == "hello"),
            "{plain:?}"
        );
        let concat: RichText = serde_json::from_str(r#"["a", "b"]"#).unwrap();
        assert!(
            matches!(&concat, RichText::Concat(parts) if parts.len() == 2),
            "{concat:?}"
        );
        let number: RichText = serde_json::from_str("7").unwrap();
        assert!(matches!(number, RichText::Unknown(_)), "{number:?}");
    }

    #[test]
    fn unions_nested_without_end_are_refused_without_overflowing_the_stack() {
        // Arrays in arrays are `RichText::Concat`s in one another, each decoded by a reader of
        // its own. Run on a thread with a small stack, as a tokio worker's.
        let depth = 5_000;
        let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let decoded = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || serde_json::from_str::<RichText>(&json).map(|_| ()))
            .unwrap()
            .join()
            .expect("no stack overflow");
        let error = decoded.unwrap_err().to_string();
        assert!(error.contains("recursion limit exceeded"), "{error}");
        // A sane depth still decodes.
        let json = format!("{}{}", "[".repeat(20), "]".repeat(20));
        serde_json::from_str::<RichText>(&json).unwrap();
    }

    #[test]
    fn an_edit_result_is_the_message_or_true_and_anything_else_an_error_at_its_place() {
        let edited: MessageOrTrue = serde_json::from_str(
            r#"{"message_id":1,"date":5,"chat":{"id":7,"type":"private"},"text":"hi"}"#,
        )
        .unwrap();
        assert!(
            matches!(&edited, MessageOrTrue::Message(m) if m.text.as_deref() == Some("hi")),
            "{edited:?}"
        );
        let inline: MessageOrTrue = serde_json::from_str("true").unwrap();
        assert_eq!(inline, MessageOrTrue::True(true));
        // serde's derive gave the same messages, with the same positions.
        let error = serde_json::from_str::<MessageOrTrue>(r#"{"a":1}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "data did not match any variant of untagged enum MessageOrTrue"
        );
        let error = serde_json::from_str::<std::collections::HashMap<String, MessageOrTrue>>(
            r#"{"x": {"a":1}, "y": 2}"#,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "data did not match any variant of untagged enum MessageOrTrue at line 1 column 13"
        );
    }

    #[test]
    fn a_union_decodes_from_a_value_too() {
        let value =
            serde_json::json!({"type": "hidden_user", "date": 5, "sender_user_name": "Ann"});
        let origin: MessageOrigin = serde_json::from_value(value).unwrap();
        assert!(matches!(origin, MessageOrigin::HiddenUser(_)), "{origin:?}");
    }
}
