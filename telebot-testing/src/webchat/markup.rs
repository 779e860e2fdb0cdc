//! Telegram's markup (`parse_mode` HTML, MarkdownV2 and the legacy Markdown) read into plain
//! text and entities, as Telegram does when it stores a message, so that the page shows what
//! an app would. Markup Telegram would refuse gives `None` (the page then shows the text as
//! sent).

use serde_json::{Value, json};

/// The plain text and entities (UTF-16 offsets) of `text` in `parse_mode`, or `None` for an
/// unknown mode or markup that does not parse.
pub(crate) fn parse(text: &str, parse_mode: &str) -> Option<(String, Vec<Value>)> {
    match parse_mode.to_ascii_lowercase().as_str() {
        "html" => html(text),
        "markdownv2" => markdown(text, true),
        "markdown" => markdown(text, false),
        _ => None,
    }
}

/// The text being built and the entities found so far.
#[derive(Default)]
struct Out {
    text: String,
    units: usize,
    entities: Vec<Value>,
}

impl Out {
    fn push(&mut self, c: char) {
        self.text.push(c);
        self.units += c.len_utf16();
    }

    fn push_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.push(c));
    }

    /// Adds an entity from `start` to here, unless empty; `fields` are extra members.
    fn entity(&mut self, kind: &str, start: usize, fields: Value) {
        if self.units <= start {
            return;
        }
        let mut entity = json!({ "type": kind, "offset": start, "length": self.units - start });
        if let (Value::Object(map), Value::Object(extra)) = (&mut entity, fields) {
            map.extend(extra);
        }
        self.entities.push(entity);
    }

    fn finish(mut self) -> (String, Vec<Value>) {
        self.entities.sort_by_key(|e| e["offset"].as_u64());
        (self.text, self.entities)
    }
}

/// The entity of a link: a mention for `tg://user?id=…`, else a text link.
fn link(url: &str) -> (&'static str, Value) {
    match url
        .strip_prefix("tg://user?id=")
        .and_then(|id| id.parse::<i64>().ok())
    {
        Some(id) => (
            "text_mention",
            json!({ "user": { "id": id, "is_bot": false, "first_name": "" } }),
        ),
        None => ("text_link", json!({ "url": url })),
    }
}

/// Decodes `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric references in HTML text.
fn decode_html_entity(input: &str) -> Option<(char, usize)> {
    let end = input.find(';').filter(|&e| e <= 10)?;
    let name = &input[1..end];
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

fn decode_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        match decode_html_entity(&rest[i..]) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[i + used..];
            }
            None => {
                out.push('&');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The attributes of an opening tag, values decoded.
fn attributes(mut input: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    loop {
        input = input.trim_start();
        let name_end = input
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(input.len());
        if name_end == 0 {
            return found;
        }
        let name = input[..name_end].to_ascii_lowercase();
        input = input[name_end..].trim_start();
        let Some(after) = input.strip_prefix('=') else {
            found.push((name, String::new()));
            continue;
        };
        let after = after.trim_start();
        let (value, rest) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => match after[1..].find(quote) {
                Some(end) => (&after[1..1 + end], &after[end + 2..]),
                None => return found,
            },
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        found.push((name, decode_html(value)));
        input = rest;
    }
}

/// One open HTML tag: its name, where its text starts, and its entity (`None` for a `code`
/// that only names the language of the `pre` around it).
struct Open {
    tag: String,
    start: usize,
    entity: Option<(&'static str, Value)>,
}

fn html(input: &str) -> Option<(String, Vec<Value>)> {
    let mut out = Out::default();
    let mut open: Vec<Open> = Vec::new();
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>')?;
                let inside = &rest[1..end];
                rest = &rest[end + 1..];
                if let Some(name) = inside.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    let top = open.pop()?;
                    if top.tag != name {
                        return None;
                    }
                    if let Some((kind, fields)) = top.entity {
                        out.entity(kind, top.start, fields);
                    }
                    continue;
                }
                let name_end = inside.find(char::is_whitespace).unwrap_or(inside.len());
                let tag = inside[..name_end].to_ascii_lowercase();
                let attrs = attributes(&inside[name_end..]);
                let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                let entity = match tag.as_str() {
                    "b" | "strong" => Some(("bold", json!({}))),
                    "i" | "em" => Some(("italic", json!({}))),
                    "u" | "ins" => Some(("underline", json!({}))),
                    "s" | "strike" | "del" => Some(("strikethrough", json!({}))),
                    "tg-spoiler" => Some(("spoiler", json!({}))),
                    "span" if attr("class").as_deref() == Some("tg-spoiler") => {
                        Some(("spoiler", json!({})))
                    }
                    "a" => Some(link(&attr("href")?)),
                    "tg-emoji" => Some((
                        "custom_emoji",
                        json!({ "custom_emoji_id": attr("emoji-id")? }),
                    )),
                    "blockquote" if attr("expandable").is_some() => {
                        Some(("expandable_blockquote", json!({})))
                    }
                    "blockquote" => Some(("blockquote", json!({}))),
                    "pre" => Some(("pre", json!({}))),
                    "code" => {
                        let language = attr("class")
                            .and_then(|c| c.strip_prefix("language-").map(str::to_owned));
                        match open.last_mut() {
                            Some(pre) if pre.tag == "pre" && pre.start == out.units => {
                                if let (Some(language), Some((_, fields))) =
                                    (language, pre.entity.as_mut())
                                {
                                    fields["language"] = json!(language);
                                }
                                None
                            }
                            _ => Some(("code", json!({}))),
                        }
                    }
                    _ => return None,
                };
                open.push(Open {
                    tag,
                    start: out.units,
                    entity,
                });
            }
            '&' => match decode_html_entity(rest) {
                Some((c, used)) => {
                    out.push(c);
                    rest = &rest[used..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            },
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    open.is_empty().then(|| out.finish())
}

/// MarkdownV2 (`v2`) or the legacy Markdown.
fn markdown(input: &str, v2: bool) -> Option<(String, Vec<Value>)> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Out::default();
    // Open style markers: the marker and where its text starts.
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    let mut quote_start: Option<usize> = None;
    let mut i = 0;
    let at_line_start = |i: usize| i == 0 || chars[i - 1] == '\n';
    while i < chars.len() {
        let c = chars[i];
        if v2 && at_line_start(i) {
            if c == '>' {
                quote_start.get_or_insert(out.units);
                i += 1;
                continue;
            } else if let Some(start) = quote_start.take() {
                // The quote ended with the line before (its newline stays outside).
                let units_before_newline = out.units.saturating_sub(1);
                let end = std::mem::replace(&mut out.units, units_before_newline);
                out.entity("blockquote", start, json!({}));
                out.units = end;
            }
        }
        let next = chars.get(i + 1).copied();
        match c {
            '\\' if next.is_some() => {
                out.push(next?);
                i += 2;
            }
            '`' if chars[i..].starts_with(&['`', '`', '`']) => {
                let mut j = i + 3;
                let mut language = String::new();
                while j < chars.len() && chars[j] != '\n' && chars[j] != '`' {
                    language.push(chars[j]);
                    j += 1;
                }
                if chars.get(j) == Some(&'\n') {
                    j += 1;
                } else {
                    j = i + 3;
                    language.clear();
                }
                let start = out.units;
                loop {
                    match chars.get(j)? {
                        '`' if chars[j..].starts_with(&['`', '`', '`']) => break,
                        '\\' if v2 => {
                            out.push(*chars.get(j + 1)?);
                            j += 2;
                        }
                        c => {
                            out.push(*c);
                            j += 1;
                        }
                    }
                }
                let fields = if language.trim().is_empty() {
                    json!({})
                } else {
                    json!({ "language": language.trim() })
                };
                out.entity("pre", start, fields);
                i = j + 3;
            }
            '`' => {
                let start = out.units;
                let mut j = i + 1;
                loop {
                    match chars.get(j)? {
                        '`' => break,
                        '\\' if v2 => {
                            out.push(*chars.get(j + 1)?);
                            j += 2;
                        }
                        c => {
                            out.push(*c);
                            j += 1;
                        }
                    }
                }
                out.entity("code", start, json!({}));
                i = j + 1;
            }
            '[' => {
                // The link text is read as markdown up to the matching `]`; then `(url)`.
                let close = find_link_end(&chars, i + 1, v2)?;
                let inner: String = chars[i + 1..close].iter().collect();
                let (text, entities) = markdown(&inner, v2)?;
                let url_end =
                    (close + 2..chars.len()).find(|&j| chars[j] == ')' && chars[j - 1] != '\\');
                if chars.get(close + 1) != Some(&'(') {
                    return None;
                }
                let url_end = url_end?;
                let url: String = chars[close + 2..url_end]
                    .iter()
                    .filter(|c| **c != '\\')
                    .collect();
                let custom = i > 0 && chars[i - 1] == '!' && url.starts_with("tg://emoji?id=");
                let start = out.units;
                for mut entity in entities {
                    entity["offset"] = json!(entity["offset"].as_u64()? as usize + start);
                    out.entities.push(entity);
                }
                out.push_str(&text);
                if custom {
                    let id = url.trim_start_matches("tg://emoji?id=");
                    out.entity("custom_emoji", start, json!({ "custom_emoji_id": id }));
                } else {
                    let (kind, fields) = link(&url);
                    out.entity(kind, start, fields);
                }
                i = url_end + 1;
            }
            '!' if v2 && next == Some('[') => i += 1,
            '*' | '_' | '~' | '|' => {
                let marker = match (c, next) {
                    ('_', Some('_')) if v2 => "__",
                    ('|', Some('|')) if v2 => "||",
                    ('*', _) => "*",
                    ('_', _) => "_",
                    ('~', _) if v2 => "~",
                    _ if v2 => return None,
                    _ => {
                        out.push(c);
                        i += 1;
                        continue;
                    }
                };
                if v2
                    && marker == "||"
                    && quote_start.is_some()
                    && matches!(chars.get(i + 2), None | Some('\n'))
                {
                    // `||` closing an expandable quote: the quote's end, no spoiler.
                    i += 2;
                    continue;
                }
                i += marker.len();
                match open.iter().rposition(|(m, _)| *m == marker) {
                    Some(at) if at == open.len() - 1 => {
                        let (_, start) = open.remove(at);
                        let kind = match marker {
                            "*" => "bold",
                            "_" => "italic",
                            "__" => "underline",
                            "~" => "strikethrough",
                            _ => "spoiler",
                        };
                        out.entity(kind, start, json!({}));
                    }
                    Some(_) => return None,
                    None => open.push((marker, out.units)),
                }
            }
            c if v2 && "#+-=.!{}>()]".contains(c) => return None,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    if let Some(start) = quote_start {
        out.entity("blockquote", start, json!({}));
    }
    open.is_empty().then(|| out.finish())
}

/// The index of the `]` closing a link's text that starts at `from`.
fn find_link_end(chars: &[char], from: usize, v2: bool) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        match chars[j] {
            '\\' if v2 => j += 2,
            ']' => return Some(j),
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn html_tags_become_entities_and_references_are_decoded() {
        let (text, entities) = parse(
            "<b>bold</b> <i>it</i> &lt;script&gt; <a href=\"https://e.org/?a=1&amp;b=2\">link</a>",
            "HTML",
        )
        .expect("valid HTML");
        assert_eq!(text, "bold it <script> link");
        assert_eq!(
            entities,
            vec![
                json!({ "type": "bold", "offset": 0, "length": 4 }),
                json!({ "type": "italic", "offset": 5, "length": 2 }),
                json!({ "type": "text_link", "offset": 17, "length": 4, "url": "https://e.org/?a=1&b=2" }),
            ]
        );
    }

    #[test]
    fn html_offsets_are_utf16_units() {
        let (text, entities) = parse("😀 <u>under</u>", "html").expect("valid HTML");
        assert_eq!(text, "😀 under");
        assert_eq!(
            entities,
            vec![json!({ "type": "underline", "offset": 3, "length": 5 })]
        );
    }

    #[test]
    fn html_pre_with_a_language_spoilers_mentions_quotes_and_custom_emoji() {
        let (text, entities) = parse(
            "<pre><code class=\"language-rust\">fn main() {}</code></pre><tg-spoiler>s</tg-spoiler>\
             <span class=\"tg-spoiler\">t</span><a href=\"tg://user?id=42\">Ann</a>\
             <blockquote expandable>q</blockquote><tg-emoji emoji-id=\"77\">👍</tg-emoji><s>x</s><code>c</code>",
            "HTML",
        )
        .expect("valid HTML");
        assert_eq!(text, "fn main() {}stAnnq👍xc");
        let kinds: Vec<&str> = entities
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "pre",
                "spoiler",
                "spoiler",
                "text_mention",
                "expandable_blockquote",
                "custom_emoji",
                "strikethrough",
                "code"
            ]
        );
        assert_eq!(entities[0]["language"], "rust");
        assert_eq!(entities[3]["user"]["id"], 42);
        assert_eq!(entities[5]["custom_emoji_id"], "77");
    }

    #[test]
    fn html_telegram_would_refuse_gives_none() {
        assert_eq!(parse("<b>open", "HTML"), None);
        assert_eq!(parse("<b>x</i>", "HTML"), None);
        assert_eq!(parse("<script>x</script>", "HTML"), None);
    }

    #[test]
    fn markdown_v2_styles_links_code_and_escapes() {
        let (text, entities) = parse(
            "*bold* _it_ __under__ ~strike~ ||spoiler|| `code` [link](https://e.org) \\*not\\*",
            "MarkdownV2",
        )
        .expect("valid MarkdownV2");
        assert_eq!(text, "bold it under strike spoiler code link *not*");
        let kinds: Vec<&str> = entities
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "bold",
                "italic",
                "underline",
                "strikethrough",
                "spoiler",
                "code",
                "text_link"
            ]
        );
        assert_eq!(entities[6]["url"], "https://e.org");
        assert_eq!(entities[6]["offset"], 34);
    }

    #[test]
    fn markdown_v2_pre_blocks_quotes_nesting_and_custom_emoji() {
        let (text, entities) = parse(
            "```python\nprint(1)\n```\n>quoted *bold*\n>more\nafter ![👍](tg://emoji?id=5)",
            "MarkdownV2",
        )
        .expect("valid MarkdownV2");
        assert_eq!(text, "print(1)\n\nquoted bold\nmore\nafter 👍");
        assert_eq!(
            entities[0],
            json!({ "type": "pre", "offset": 0, "length": 9, "language": "python" })
        );
        assert!(entities.contains(&json!({ "type": "blockquote", "offset": 10, "length": 16 })));
        assert!(entities.contains(&json!({ "type": "bold", "offset": 17, "length": 4 })));
        assert!(entities.contains(
            &json!({ "type": "custom_emoji", "offset": 33, "length": 2, "custom_emoji_id": "5" })
        ));
    }

    #[test]
    fn markdown_v2_unescaped_reserved_characters_give_none() {
        assert_eq!(parse("1.5", "MarkdownV2"), None);
        assert_eq!(parse("*open", "MarkdownV2"), None);
    }

    #[test]
    fn no_input_makes_the_parsers_or_the_segments_panic() {
        // Strings of markup characters, multi-byte letters and emoji, from a fixed seed.
        let pieces = [
            "<",
            ">",
            "</",
            "b>",
            "i>",
            "a href=\"",
            "\"",
            "'",
            "&",
            "&lt;",
            "&#x1F600;",
            "&#;",
            "*",
            "_",
            "__",
            "~",
            "||",
            "`",
            "```",
            "```rust\n",
            "[",
            "]",
            "(",
            ")",
            "!",
            "\\",
            ">",
            "\n",
            "tg://emoji?id=1",
            "é",
            "😀",
            "🇺🇦",
            "x",
            " ",
            "pre>",
            "code class=",
            "blockquote expandable",
            "tg-spoiler>",
            "span class=tg-spoiler",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut n = seed;
            for _ in 0..(seed % 12) {
                text.push_str(pieces[(n % pieces.len() as u64) as usize]);
                n /= pieces.len() as u64;
                if n == 0 {
                    n = seed.rotate_left(17);
                }
            }
            for mode in ["HTML", "MarkdownV2", "Markdown"] {
                if let Some((plain, entities)) = parse(&text, mode) {
                    let nodes = crate::webchat::segments::nodes(&plain, &entities);
                    let mut rebuilt = String::new();
                    fn collect(nodes: &[serde_json::Value], out: &mut String) {
                        for node in nodes {
                            match node.get("text").and_then(|t| t.as_str()) {
                                Some(text) => out.push_str(text),
                                None => collect(
                                    node["children"].as_array().map_or(&[][..], Vec::as_slice),
                                    out,
                                ),
                            }
                        }
                    }
                    collect(&nodes, &mut rebuilt);
                    assert_eq!(
                        rebuilt, plain,
                        "{mode} {text:?}: the nodes hold the whole text"
                    );
                }
            }
        }
    }

    #[test]
    fn legacy_markdown_has_fewer_styles_and_no_reserved_characters() {
        let (text, entities) = parse("*b* _i_ 1.5 ~x~ `c`", "Markdown").expect("valid Markdown");
        assert_eq!(text, "b i 1.5 ~x~ c");
        assert_eq!(entities.len(), 3);
    }
}
