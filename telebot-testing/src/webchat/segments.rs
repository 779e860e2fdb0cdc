//! A message's text and its entities (offsets in UTF-16 code units) as a tree of nodes the
//! page turns into DOM elements: `{"text": "…"}` for plain text, `{"type": "bold",
//! "children": […]}` for an entity, with its `url`, `language`, `user_id` or
//! `custom_emoji_id` when it has one. Entities that overlap without nesting are split at the
//! outer one's end; entities out of range or ending inside a surrogate pair are left out.

use serde_json::{Map, Value, json};

/// An entity as byte offsets into the text.
#[derive(Debug, Clone)]
struct Span<'a> {
    start: usize,
    end: usize,
    entity: &'a Value,
}

/// The byte index of every UTF-16 position of `text` that falls on a char boundary
/// (`None` inside a surrogate pair); one more entry than the text has units.
fn utf16_boundaries(text: &str) -> Vec<Option<usize>> {
    let mut boundaries = Vec::with_capacity(text.len() + 1);
    for (byte, c) in text.char_indices() {
        boundaries.push(Some(byte));
        if c.len_utf16() == 2 {
            boundaries.push(None);
        }
    }
    boundaries.push(Some(text.len()));
    boundaries
}

/// The nodes of `text` with `entities` (MessageEntity objects).
pub(crate) fn nodes(text: &str, entities: &[Value]) -> Vec<Value> {
    let boundaries = utf16_boundaries(text);
    let at = |unit: u64| -> Option<usize> {
        let unit = usize::try_from(unit).ok()?;
        boundaries.get(unit).copied().flatten()
    };
    let mut spans: Vec<Span> = entities
        .iter()
        .filter_map(|entity| {
            let offset = entity.get("offset")?.as_u64()?;
            let length = entity.get("length")?.as_u64()?;
            let start = at(offset)?;
            let end = at(offset.checked_add(length)?)?;
            (end > start).then_some(Span { start, end, entity })
        })
        .collect();
    sort(&mut spans);
    build(text, spans, 0, text.len())
}

/// Outer entities first: by start, then the longest.
fn sort(spans: &mut [Span]) {
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
}

fn build(text: &str, mut spans: Vec<Span>, start: usize, end: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut position = start;
    while !spans.is_empty() {
        let outer = spans.remove(0);
        if outer.start > position {
            out.push(json!({ "text": &text[position..outer.start] }));
        }
        let mut inner = Vec::new();
        let mut rest = Vec::new();
        for span in spans.drain(..) {
            if span.start >= outer.end {
                rest.push(span);
            } else if span.end <= outer.end {
                inner.push(span);
            } else {
                // Crosses the outer entity's end: the part inside nests, the rest goes on.
                inner.push(Span {
                    end: outer.end,
                    ..span.clone()
                });
                rest.push(Span {
                    start: outer.end,
                    ..span
                });
            }
        }
        out.push(entity_node(
            outer.entity,
            build(text, inner, outer.start, outer.end),
        ));
        position = outer.end;
        spans = rest;
        sort(&mut spans);
    }
    if position < end {
        out.push(json!({ "text": &text[position..end] }));
    }
    out
}

/// The node of one entity around its children: the entity's type and the fields the page
/// shows (never anything it would run).
fn entity_node(entity: &Value, children: Vec<Value>) -> Value {
    let mut node = Map::new();
    let kind = entity
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("unknown");
    node.insert("type".into(), json!(kind));
    for field in ["url", "language", "custom_emoji_id"] {
        if let Some(value) = entity.get(field).and_then(Value::as_str) {
            node.insert(field.into(), json!(value));
        }
    }
    if let Some(id) = entity.pointer("/user/id").and_then(Value::as_i64) {
        node.insert("user_id".into(), json!(id));
    }
    node.insert("children".into(), Value::Array(children));
    Value::Object(node)
}

#[cfg(test)]
mod tests {
    use super::nodes;
    use serde_json::{Value, json};

    fn entity(kind: &str, offset: usize, length: usize) -> Value {
        json!({ "type": kind, "offset": offset, "length": length })
    }

    #[test]
    fn plain_text_is_one_text_node() {
        assert_eq!(nodes("hello", &[]), vec![json!({ "text": "hello" })]);
    }

    #[test]
    fn offsets_count_utf16_units_so_emoji_take_two() {
        // "👍" is a surrogate pair: "bold" starts at unit 3, not at char 2 or byte 5.
        let text = "👍 bold end";
        let got = nodes(text, &[entity("bold", 3, 4)]);
        assert_eq!(
            got,
            vec![
                json!({ "text": "👍 " }),
                json!({ "type": "bold", "children": [{ "text": "bold" }] }),
                json!({ "text": " end" }),
            ]
        );
    }

    #[test]
    fn an_entity_covering_an_emoji_keeps_the_whole_pair() {
        let text = "a🇺🇦b";
        // The flag is two regional indicators, four units.
        let got = nodes(text, &[entity("italic", 1, 4)]);
        assert_eq!(
            got[1],
            json!({ "type": "italic", "children": [{ "text": "🇺🇦" }] })
        );
        assert_eq!(got[2], json!({ "text": "b" }));
    }

    #[test]
    fn an_entity_ending_inside_a_surrogate_pair_is_left_out() {
        let got = nodes("x😀y", &[entity("bold", 0, 2)]);
        assert_eq!(got, vec![json!({ "text": "x😀y" })]);
    }

    #[test]
    fn entities_out_of_range_are_left_out() {
        let got = nodes("short", &[entity("bold", 3, 10), entity("code", 9, 1)]);
        assert_eq!(got, vec![json!({ "text": "short" })]);
    }

    #[test]
    fn nested_entities_become_nested_nodes() {
        // blockquote over everything, bold inside it, italic inside the bold.
        let text = "quote with bold and italic";
        let got = nodes(
            text,
            &[
                entity("italic", 20, 6),
                entity("blockquote", 0, 26),
                entity("bold", 11, 15),
            ],
        );
        assert_eq!(
            got,
            vec![json!({ "type": "blockquote", "children": [
                { "text": "quote with " },
                { "type": "bold", "children": [
                    { "text": "bold and " },
                    { "type": "italic", "children": [{ "text": "italic" }] },
                ]},
            ]})]
        );
    }

    #[test]
    fn crossing_entities_are_split_at_the_outer_end() {
        let got = nodes("abcdef", &[entity("bold", 0, 4), entity("italic", 2, 4)]);
        assert_eq!(
            got,
            vec![
                json!({ "type": "bold", "children": [
                    { "text": "ab" },
                    { "type": "italic", "children": [{ "text": "cd" }] },
                ]}),
                json!({ "type": "italic", "children": [{ "text": "ef" }] }),
            ]
        );
    }

    #[test]
    fn links_mentions_code_and_custom_emoji_keep_their_fields() {
        let text = "link Ann code 🙂";
        let got = nodes(
            text,
            &[
                json!({ "type": "text_link", "offset": 0, "length": 4, "url": "https://example.org" }),
                json!({ "type": "text_mention", "offset": 5, "length": 3, "user": { "id": 42, "is_bot": false, "first_name": "Ann" } }),
                json!({ "type": "pre", "offset": 9, "length": 4, "language": "rust" }),
                json!({ "type": "custom_emoji", "offset": 14, "length": 2, "custom_emoji_id": "5368324170671202286" }),
            ],
        );
        assert_eq!(got[0]["url"], "https://example.org");
        assert_eq!(got[2]["user_id"], 42);
        assert_eq!(got[4]["language"], "rust");
        assert_eq!(got[6]["custom_emoji_id"], "5368324170671202286");
        assert_eq!(got[6]["children"], json!([{ "text": "🙂" }]));
    }
}
