//! UTF-16 offsets, as used by Telegram's message entities.

use std::ops::Range;

/// Returns the length of `text` in UTF-16 code units, the unit Telegram uses for entity
/// offsets and lengths (and for the 4096-character message limit).
///
/// Characters outside the Basic Multilingual Plane, such as most emoji, count as two.
///
/// ```
/// use telebot_api::format::utf16_len;
///
/// assert_eq!(utf16_len("hello"), 5);
/// assert_eq!(utf16_len("你好"), 2); // 6 bytes in UTF-8
/// assert_eq!(utf16_len("👍"), 2); // one char, a surrogate pair
/// assert_eq!(utf16_len("🇺🇦"), 4); // two regional indicator symbols
/// ```
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Finds the byte index of UTF-16 position `target` in `text`, scanning from the known
/// position (`byte`, `unit`), which must be a char boundary with `unit <= target`.
/// Returns `None` when `target` is past the end or in the middle of a surrogate pair.
fn byte_index_from(text: &str, mut byte: usize, mut unit: usize, target: usize) -> Option<usize> {
    for c in text[byte..].chars() {
        if unit >= target {
            break;
        }
        unit += c.len_utf16();
        byte += c.len_utf8();
    }
    (unit == target).then_some(byte)
}

/// Returns the part of `text` that starts `offset` UTF-16 code units in and is `length`
/// code units long, as given by a Telegram `MessageEntity`.
///
/// Returns `None` when the range goes past the end of `text`, or when one of its ends
/// falls between the two halves of a surrogate pair (which no valid entity does). An
/// empty range at the very end of the text gives `Some("")`.
///
/// ```
/// use telebot_api::format::utf16_slice;
///
/// let text = "👍 Привет, world";
/// // "👍" takes 2 code units and the space 1, so "Привет" starts at 3.
/// assert_eq!(utf16_slice(text, 3, 6), Some("Привет"));
/// assert_eq!(utf16_slice(text, 11, 5), Some("world"));
/// assert_eq!(utf16_slice(text, 11, 6), None); // past the end
/// assert_eq!(utf16_slice(text, 1, 2), None); // starts inside "👍"
/// ```
pub fn utf16_slice(text: &str, offset: usize, length: usize) -> Option<&str> {
    utf16_byte_range(text, offset, length).map(|range| &text[range])
}

/// The byte range of the UTF-16 range `offset..offset + length` of `text`, if valid.
fn utf16_byte_range(text: &str, offset: usize, length: usize) -> Option<Range<usize>> {
    let end = offset.checked_add(length)?;
    let start_byte = byte_index_from(text, 0, 0, offset)?;
    let end_byte = byte_index_from(text, start_byte, offset, end)?;
    Some(start_byte..end_byte)
}

/// One entity of a message, resolved to the text it covers.
///
/// `K` is whatever identifies the entity's kind; [`parse_entities`] passes it through
/// unchanged. With plain tuples it is the entity's `type` string, such as `"bold"`.
///
/// ```
/// use telebot_api::format::{parse_entities, EntitySpan};
///
/// let spans = parse_entities("Hi @ann!", [("mention", 3, 4)]);
/// assert_eq!(
///     spans,
///     vec![EntitySpan {
///         kind: "mention",
///         text: "@ann",
///         offset_utf16: 3,
///         length_utf16: 4,
///         byte_range: 3..7,
///     }],
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntitySpan<'a, K = &'a str> {
    /// The kind of the entity, as it was given to [`parse_entities`].
    pub kind: K,
    /// The part of the message text that the entity covers.
    pub text: &'a str,
    /// The entity's offset in UTF-16 code units, as Telegram sent it.
    pub offset_utf16: usize,
    /// The entity's length in UTF-16 code units, as Telegram sent it.
    pub length_utf16: usize,
    /// Where [`text`](Self::text) lies in the message text, in bytes.
    pub byte_range: Range<usize>,
}

/// Resolves message entities, given as `(kind, offset, length)` with UTF-16 offsets and
/// lengths, to the parts of `text` they cover.
///
/// The spans come out in the order the entities went in. An entity whose range does
/// not fit `text` (see [`utf16_slice`]) is left out. `kind` is usually the entity's
/// `type` string, but any value can be passed through, such as a reference to the whole
/// entity.
///
/// The text is scanned once, however many entities there are.
///
/// ```
/// use telebot_api::format::parse_entities;
///
/// let text = "🔥 New: *Rust 2024* 🦀 — see https://rust-lang.org";
/// let spans = parse_entities(text, [("bold", 8, 11), ("url", 29, 21), ("italic", 40, 30)]);
/// let found: Vec<(&str, &str)> = spans.iter().map(|s| (s.kind, s.text)).collect();
/// assert_eq!(found, [("bold", "*Rust 2024*"), ("url", "https://rust-lang.org")]);
/// ```
pub fn parse_entities<'a, K>(
    text: &'a str,
    entities: impl IntoIterator<Item = (K, usize, usize)>,
) -> Vec<EntitySpan<'a, K>> {
    let entities = entities.into_iter();
    let mut spans = Vec::with_capacity(entities.size_hint().0);
    // Byte index of every UTF-16 position that is a char boundary; `None` marks the
    // position between the two halves of a surrogate pair. Built on first use.
    let mut table: Option<Vec<Option<usize>>> = None;
    for (kind, offset, length) in entities {
        let table = table.get_or_insert_with(|| utf16_table(text));
        let Some(end) = offset.checked_add(length) else {
            continue;
        };
        let (Some(&Some(start_byte)), Some(&Some(end_byte))) = (table.get(offset), table.get(end))
        else {
            continue;
        };
        spans.push(EntitySpan {
            kind,
            text: &text[start_byte..end_byte],
            offset_utf16: offset,
            length_utf16: length,
            byte_range: start_byte..end_byte,
        });
    }
    spans
}

/// Maps every UTF-16 position of `text` (0 to its UTF-16 length, inclusive) to a byte
/// index, or to `None` inside a surrogate pair.
fn utf16_table(text: &str) -> Vec<Option<usize>> {
    let mut table = Vec::with_capacity(text.len() + 1);
    for (byte, c) in text.char_indices() {
        table.push(Some(byte));
        if c.len_utf16() == 2 {
            table.push(None);
        }
    }
    table.push(Some(text.len()));
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAMILY: &str = "👨\u{200d}👩\u{200d}👧"; // ZWJ sequence: 3 emoji + 2 joiners

    #[test]
    fn lengths() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("👍"), 2);
        assert_eq!(utf16_len("🇯🇵"), 4);
        assert_eq!(utf16_len(FAMILY), 8);
        assert_eq!(utf16_len("東京タワー"), 5);
        assert_eq!(utf16_len("e\u{301}"), 2); // e + combining acute accent
        assert_eq!(utf16_len("👍🏽"), 4); // emoji + skin tone modifier
        assert_eq!(utf16_len("ÿ"), 1);
    }

    #[test]
    fn slice_ascii_and_bounds() {
        let text = "hello world";
        assert_eq!(utf16_slice(text, 0, 5), Some("hello"));
        assert_eq!(utf16_slice(text, 6, 5), Some("world"));
        assert_eq!(utf16_slice(text, 0, 11), Some("hello world"));
        assert_eq!(utf16_slice(text, 11, 0), Some(""));
        assert_eq!(utf16_slice(text, 0, 0), Some(""));
        assert_eq!(utf16_slice(text, 6, 6), None);
        assert_eq!(utf16_slice(text, 12, 0), None);
        assert_eq!(utf16_slice(text, usize::MAX, 2), None);
        assert_eq!(utf16_slice(text, 2, usize::MAX), None);
        assert_eq!(utf16_slice("", 0, 0), Some(""));
        assert_eq!(utf16_slice("", 0, 1), None);
    }

    #[test]
    fn slice_surrogate_pairs() {
        let text = "a👍b";
        assert_eq!(utf16_slice(text, 1, 2), Some("👍"));
        assert_eq!(utf16_slice(text, 3, 1), Some("b"));
        assert_eq!(utf16_slice(text, 0, 2), None); // ends inside 👍
        assert_eq!(utf16_slice(text, 2, 2), None); // starts inside 👍
        assert_eq!(utf16_slice(text, 2, 0), None);
    }

    #[test]
    fn slice_flags_zwj_and_skin_tones() {
        let text = format!("🇺🇦{FAMILY}👍🏽!");
        assert_eq!(utf16_slice(&text, 0, 4), Some("🇺🇦"));
        assert_eq!(utf16_slice(&text, 0, 2), Some("🇺")); // half a flag is still valid UTF-16
        assert_eq!(utf16_slice(&text, 4, 8), Some(FAMILY));
        assert_eq!(utf16_slice(&text, 4, 2), Some("👨"));
        assert_eq!(utf16_slice(&text, 6, 1), Some("\u{200d}"));
        assert_eq!(utf16_slice(&text, 12, 4), Some("👍🏽"));
        assert_eq!(utf16_slice(&text, 16, 1), Some("!"));
        assert_eq!(utf16_slice(&text, 5, 3), None);
    }

    #[test]
    fn slice_cjk_and_combining_marks() {
        let text = "日本語 cafe\u{301} naïve";
        assert_eq!(utf16_slice(text, 0, 3), Some("日本語"));
        assert_eq!(utf16_slice(text, 4, 5), Some("cafe\u{301}"));
        assert_eq!(utf16_slice(text, 4, 4), Some("cafe")); // the accent is its own code unit
        assert_eq!(utf16_slice(text, 10, 5), Some("naïve"));
    }

    #[test]
    fn parse_entities_in_mixed_text() {
        // Offsets as Telegram would send them for this text.
        let text = "Привет, @ann_lee! 👋 Смотри #rust и https://t.me/s/rust 🇩🇪 /start@my_bot";
        let spans = parse_entities(
            text,
            [
                ("mention", 8, 8),
                ("hashtag", 28, 5),
                ("url", 36, 19),
                ("bot_command", 61, 13),
            ],
        );
        let got: Vec<(&str, &str, Range<usize>)> = spans
            .iter()
            .map(|s| (s.kind, s.text, s.byte_range.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("mention", "@ann_lee", 14..22),
                ("hashtag", "#rust", 42..47),
                ("url", "https://t.me/s/rust", 51..70),
                ("bot_command", "/start@my_bot", 80..93),
            ]
        );
        assert_eq!(utf16_len(text), 74);
    }

    #[test]
    fn parse_entities_at_the_very_end() {
        let text = "ok 👍";
        let spans = parse_entities(text, [("bold", 3, 2), ("italic", 0, 5), ("code", 5, 0)]);
        assert_eq!(
            spans,
            [
                EntitySpan {
                    kind: "bold",
                    text: "👍",
                    offset_utf16: 3,
                    length_utf16: 2,
                    byte_range: 3..7,
                },
                EntitySpan {
                    kind: "italic",
                    text: "ok 👍",
                    offset_utf16: 0,
                    length_utf16: 5,
                    byte_range: 0..7,
                },
                EntitySpan {
                    kind: "code",
                    text: "",
                    offset_utf16: 5,
                    length_utf16: 0,
                    byte_range: 7..7,
                },
            ]
        );
    }

    #[test]
    fn parse_entities_skips_invalid_and_keeps_order() {
        let text = "x👍y";
        let spans = parse_entities(
            text,
            [
                ("last", 3, 1),
                ("inside_pair", 2, 1),
                ("too_long", 0, 5),
                ("overflow", usize::MAX, 1),
                ("first", 0, 1),
            ],
        );
        let got: Vec<(&str, &str)> = spans.iter().map(|s| (s.kind, s.text)).collect();
        assert_eq!(got, [("last", "y"), ("first", "x")]);
    }

    #[test]
    fn parse_entities_passes_any_kind_through() {
        struct Entity {
            kind: &'static str,
            offset: usize,
            length: usize,
        }
        let entities = [
            Entity {
                kind: "bold",
                offset: 0,
                length: 2,
            },
            Entity {
                kind: "spoiler",
                offset: 3,
                length: 2,
            },
        ];
        let spans = parse_entities(
            "你好 世界",
            entities.iter().map(|e| (e, e.offset, e.length)),
        );
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].kind.kind, "bold");
        assert_eq!(spans[0].text, "你好");
        assert_eq!(spans[1].kind.kind, "spoiler");
        assert_eq!(spans[1].text, "世界");
    }

    #[test]
    fn parse_entities_with_no_entities() {
        let spans = parse_entities::<&str>("text", []);
        assert!(spans.is_empty());
    }

    #[test]
    fn table_matches_slice() {
        let text = format!("a{FAMILY}é日🇫🇷e\u{301}z");
        let len = utf16_len(&text);
        for offset in 0..=len + 1 {
            for length in 0..=len + 1 - offset {
                let by_slice = utf16_slice(&text, offset, length);
                let by_table = parse_entities(&text, [((), offset, length)])
                    .first()
                    .map(|s| s.text);
                assert_eq!(by_slice, by_table, "offset {offset}, length {length}");
            }
        }
    }
}
