//! Small helpers for building Bot API JSON objects.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

/// The current Unix time in seconds, as Telegram puts in `date` fields.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Removes `null` members from objects, recursively: Telegram omits absent optional fields.
pub(crate) fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// Builds an object from pairs, leaving out `null` values.
pub(crate) fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut map = Map::new();
    for (key, value) in pairs {
        if !value.is_null() {
            map.insert(key.to_owned(), value);
        }
    }
    Value::Object(map)
}

/// A 64-bit FNV-1a hash, used to derive stable ids from names.
pub(crate) fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The SplitMix64 step: a tiny deterministic pseudo-random generator.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `len` characters from the alphabet Telegram uses in tokens and file ids, derived from `seed`.
pub(crate) fn token_chars(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut state = seed;
    (0..len)
        .map(|_| char::from(ALPHABET[(splitmix64(&mut state) % 64) as usize]))
        .collect()
}

/// The number of characters Telegram counts in a text (UTF-16 code units).
pub(crate) fn text_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The entities Telegram detects by itself in a user's text: a leading `/command`, and URLs,
/// `@mentions` and `#hashtags` anywhere.
pub(crate) fn command_entities(text: &str) -> Option<Value> {
    let mut entities: Vec<Value> = leading_command(text).into_iter().collect();
    let mut start = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let token = word.trim_end();
        let begin = start;
        start += word.len();
        let kind = if token.starts_with("http://") || token.starts_with("https://") {
            "url"
        } else if token.len() > 1 && token.starts_with('@') {
            "mention"
        } else if token.len() > 1 && token.starts_with('#') {
            "hashtag"
        } else {
            continue;
        };
        let token = if kind == "url" {
            token.trim_end_matches(['.', ',', '!', '?', ')', ';', ':'])
        } else {
            let end = token
                .char_indices()
                .skip(1)
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                .map_or(token.len(), |(i, _)| i);
            &token[..end]
        };
        if token.len() <= 1 {
            continue;
        }
        entities.push(serde_json::json!({
            "type": kind,
            "offset": text_len(&text[..begin]),
            "length": text_len(token),
        }));
    }
    (!entities.is_empty()).then_some(Value::Array(entities))
}

/// The `bot_command` entity for a text starting with `/command`, as Telegram adds it.
fn leading_command(text: &str) -> Option<Value> {
    if !text.starts_with('/') {
        return None;
    }
    let end = text
        .char_indices()
        .skip(1)
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '@'))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    if end <= 1 {
        return None;
    }
    Some(serde_json::json!({
        "type": "bot_command",
        "offset": 0,
        "length": text_len(&text[..end]),
    }))
}

/// Reads the width and height from a PNG, GIF or JPEG header.
pub(crate) fn image_size(bytes: &[u8]) -> Option<(i64, i64)> {
    let be16 = |b: &[u8], i: usize| -> Option<i64> {
        Some(i64::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?])))
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        return Some((i64::from(w), i64::from(h)));
    }
    if bytes.starts_with(b"GIF8") && bytes.len() >= 10 {
        let w = u16::from_le_bytes([bytes[6], bytes[7]]);
        let h = u16::from_le_bytes([bytes[8], bytes[9]]);
        return Some((i64::from(w), i64::from(h)));
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        let mut i = 2;
        while i + 4 <= bytes.len() {
            if bytes[i] != 0xff {
                return None;
            }
            let marker = bytes[i + 1];
            let len = be16(bytes, i + 2)? as usize;
            let is_sof = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
            if is_sof {
                return Some((be16(bytes, i + 7)?, be16(bytes, i + 5)?));
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_entity_covers_only_the_command() {
        let e = command_entities("/start@my_bot hello").unwrap_or_default();
        assert_eq!(e[0]["length"], 13);
        assert!(command_entities("hello").is_none());
        let found =
            command_entities("héllo @ann see https://example.com/x, #rust!").unwrap_or_default();
        assert_eq!(
            found,
            serde_json::json!([
                {"type": "mention", "offset": 6, "length": 4},
                {"type": "url", "offset": 15, "length": 21},
                {"type": "hashtag", "offset": 38, "length": 5},
            ])
        );
        assert!(command_entities("/ x").is_none());
    }

    #[test]
    fn png_size_is_read() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 1, 0, 0, 0, 0, 200]);
        assert_eq!(image_size(&png), Some((256, 200)));
    }

    #[test]
    fn nulls_are_dropped_recursively() {
        let v = serde_json::json!({"a": null, "b": [{"c": null, "d": 1}]});
        assert_eq!(strip_nulls(v), serde_json::json!({"b": [{"d": 1}]}));
    }
}
