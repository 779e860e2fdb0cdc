//! One `getUpdates` answer, update by update: each is decoded on its own, so that one that
//! does not decode is reported with its id and raw JSON instead of failing the batch, and
//! updates fetched before (Telegram repeats everything above the offset) are skipped by id
//! without being decoded.

use crate::Update;
use crate::updates::UndecodableUpdate;
use serde::Deserialize;
use serde_json::value::RawValue;

/// One update of a batch.
#[derive(Debug)]
pub(crate) enum Item {
    /// A new update.
    Update(Update),
    /// A new update that does not decode.
    Undecodable(UndecodableUpdate),
}

#[derive(Deserialize)]
struct IdOnly {
    update_id: i64,
}

/// The `update_id` of a raw update: read straight from the text when it comes first, as
/// Telegram writes it, or last, as a writer that sorts keys does (`update_id` sorts after
/// every kind of update), and otherwise by scanning the object.
pub(crate) fn peek_id(raw: &str) -> Option<i64> {
    const KEY: &str = r#""update_id":"#;
    if let Some(rest) = raw.strip_prefix('{').and_then(|r| r.strip_prefix(KEY)) {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '-'))
            .unwrap_or(rest.len());
        if matches!(rest.as_bytes().get(end), Some(b',' | b'}'))
            && let Ok(id) = rest[..end].parse()
        {
            return Some(id);
        }
    }
    // `raw` is one whole JSON object, so a text ending in `,"update_id":<integer>}` holds the
    // key as the object's last member: the quote after the comma opens a string (a closing one
    // could not be followed by `update_id`), and the final brace closes the object itself.
    if let Some(rest) = raw.strip_suffix('}') {
        let number_at = rest
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
            .len();
        let (head, number) = rest.split_at(number_at);
        if let Some(head) = head.strip_suffix(KEY)
            && head.ends_with(',')
            && let Ok(id) = number.parse()
        {
            return Some(id);
        }
    }
    serde_json::from_str::<IdOnly>(raw)
        .ok()
        .map(|u| u.update_id)
}

/// The new entries of a batch, in order: what `take` returned for each id, the id and the raw
/// text; `take` returns `None` for an id fetched before, which is then skipped. Entries
/// without an `update_id` cannot be confirmed nor reported to anyone: they are logged and
/// skipped.
pub(crate) fn fresh<'a, T>(
    raw: &[&'a RawValue],
    mut take: impl FnMut(i64) -> Option<T>,
) -> Vec<(T, i64, &'a str)> {
    let mut entries = Vec::with_capacity(raw.len());
    for entry in raw {
        let text = entry.get();
        let Some(id) = peek_id(text) else {
            let excerpt: String = text.chars().take(200).collect();
            tracing::error!(%excerpt, "getUpdates returned an entry without an update_id; skipped");
            continue;
        };
        if let Some(taken) = take(id) {
            entries.push((taken, id, text));
        }
    }
    entries
}

/// Decodes one update; one that does not decode is kept with its id and raw text.
pub(crate) fn decode_one(id: i64, text: &str) -> Item {
    match telebot_api::decode_update(text.as_bytes()) {
        Ok(update) => Item::Update(update),
        Err(error) => Item::Undecodable(UndecodableUpdate {
            update_id: id,
            raw: text.to_owned(),
            reason: error.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The new updates of a batch, decoded.
    fn decode<T>(raw: &[&RawValue], take: impl FnMut(i64) -> Option<T>) -> Vec<(T, Item)> {
        fresh(raw, take)
            .into_iter()
            .map(|(taken, id, text)| (taken, decode_one(id, text)))
            .collect()
    }

    fn raws(json: &str) -> Vec<Box<RawValue>> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn ids_are_read_from_the_front_or_by_scanning() {
        assert_eq!(peek_id(r#"{"update_id":42,"message":{}}"#), Some(42));
        assert_eq!(peek_id(r#"{"update_id":-7}"#), Some(-7));
        assert_eq!(
            peek_id(r#"{"message":{"text":"x"},"update_id":9}"#),
            Some(9)
        );
        assert_eq!(peek_id(r#"{ "update_id" : 5 }"#), Some(5));
        assert_eq!(
            peek_id(r#"{"message":{"text":"a}"},"update_id":-12}"#),
            Some(-12)
        );
        assert_eq!(
            peek_id(r#"{"message":{"update_id":3},"update_id":4}"#),
            Some(4)
        );
        assert_eq!(peek_id(r#"{"message":{"x":1,"update_id":3}}"#), None);
        assert_eq!(
            peek_id(r#"{"update_id":7,"message":{"update_id":3}}"#),
            Some(7)
        );
        assert_eq!(peek_id(r#"{"update_id":"5"}"#), None);
        assert_eq!(peek_id(r#"{"message":{}}"#), None);
    }

    #[test]
    fn a_poison_update_is_reported_and_the_others_decode() {
        let batch = raws(
            r#"[{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":5,"type":"private"}}},
                {"update_id":2,"message":{"message_id":"not a number","date":0,"chat":{"id":5,"type":"private"}}},
                {"update_id":3,"brand_new_kind":{"x":1}}]"#,
        );
        let refs: Vec<&RawValue> = batch.iter().map(|b| b.as_ref()).collect();
        let items = decode(&refs, Some);
        assert_eq!(items.len(), 3);
        assert!(matches!(&items[0], (1, Item::Update(u)) if u.update_id == 1));
        match &items[1] {
            (2, Item::Undecodable(e)) => {
                assert_eq!(e.update_id, 2);
                assert!(e.raw.contains("not a number"), "{}", e.raw);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&items[2], (3, Item::Update(_))),
            "unknown kinds decode as Unknown"
        );
    }

    #[test]
    fn repeats_are_skipped_without_decoding() {
        let batch =
            raws(r#"[{"update_id":1,"message":"garbage"},{"update_id":2,"poll":"garbage"}]"#);
        let refs: Vec<&RawValue> = batch.iter().map(|b| b.as_ref()).collect();
        let items = decode(&refs, |id| (id != 1).then_some(id));
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].0, 2);
    }
}
