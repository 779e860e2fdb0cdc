//! Escaping of user text for the `HTML`, `MarkdownV2` and legacy `Markdown` parse modes.

/// The Markdown dialect a text is written in, matching the `parse_mode` values
/// `"Markdown"` ([`V1`](Self::V1)) and `"MarkdownV2"` ([`V2`](Self::V2)).
///
/// ```
/// use telebot_api::format::{escape_markdown, MarkdownVersion};
///
/// assert_eq!(escape_markdown("1+1=2", MarkdownVersion::V1), "1+1=2");
/// assert_eq!(escape_markdown("1+1=2", MarkdownVersion::V2), r"1\+1\=2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkdownVersion {
    /// The legacy `Markdown` mode. Only `_`, `*`, `` ` `` and `[` are special, and
    /// nothing can be escaped inside an entity.
    V1,
    /// The `MarkdownV2` mode, with many more special characters and context-dependent
    /// escaping rules (see [`MarkdownEntity`]).
    V2,
}

/// Where in a MarkdownV2 text a piece of user text is going to be placed.
///
/// MarkdownV2 escapes differently depending on the context:
///
/// - [`Plain`](Self::Plain): ordinary text, including the text inside bold, italic,
///   underline, strikethrough, spoiler, quote and the `[...]` part of a link. Every one of
///   `` _ * [ ] ( ) ~ ` > # + - = | { } . ! `` and `\` is escaped.
/// - [`Pre`](Self::Pre) and [`Code`](Self::Code): inside a ```` ``` ```` block or a
///   `` ` `` span only `` ` `` and `\` are escaped; everything else is taken literally.
/// - [`TextLink`](Self::TextLink): inside the `(...)` part of an inline link (and of a
///   custom emoji definition) only `)` and `\` are escaped.
///
/// ```
/// use telebot_api::format::{escape_markdown_entity, MarkdownEntity};
///
/// let url = "https://example.com/wiki/Rust_(language)";
/// let text = format!(
///     "[{}]({})",
///     escape_markdown_entity("Rust (language)", MarkdownEntity::Plain),
///     escape_markdown_entity(url, MarkdownEntity::TextLink),
/// );
/// assert_eq!(
///     text,
///     r"[Rust \(language\)](https://example.com/wiki/Rust_(language\))",
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkdownEntity {
    /// Ordinary text, and the contents of every entity other than code, pre and the
    /// URL part of a link.
    Plain,
    /// The contents of a pre-formatted block (```` ```...``` ````).
    Pre,
    /// The contents of an inline code span (`` `...` ``).
    Code,
    /// The URL inside the `(...)` part of an inline link or custom emoji.
    TextLink,
}

/// Characters that have to be escaped in ordinary MarkdownV2 text.
const V2_SPECIAL: &[char] = &[
    '_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!', '\\',
];

/// Characters that have to be escaped in legacy Markdown text.
const V1_SPECIAL: &[char] = &['_', '*', '`', '['];

/// Puts a `\` before every character of `text` that is in `special`.
fn escape_chars(text: &str, special: &[char]) -> String {
    let extra = text.chars().filter(|c| special.contains(c)).count();
    let mut out = String::with_capacity(text.len() + extra);
    for c in text.chars() {
        if special.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes `text` so that it shows up literally in a message sent with the given
/// Markdown parse mode.
///
/// With [`MarkdownVersion::V1`] only `_`, `*`, `` ` `` and `[` get a `\` in front of them.
/// Legacy Markdown has no way to escape text inside an entity, so the result is only
/// meant for use outside of entities.
///
/// With [`MarkdownVersion::V2`] the result is meant for ordinary text; this is the same
/// as [`escape_markdown_entity`] with [`MarkdownEntity::Plain`].
///
/// ```
/// use telebot_api::format::{escape_markdown, MarkdownVersion};
///
/// let text = "snake_case *stars* [x] v1.2!";
/// assert_eq!(
///     escape_markdown(text, MarkdownVersion::V1),
///     r"snake\_case \*stars\* \[x] v1.2!",
/// );
/// assert_eq!(
///     escape_markdown(text, MarkdownVersion::V2),
///     r"snake\_case \*stars\* \[x\] v1\.2\!",
/// );
/// ```
pub fn escape_markdown(text: &str, version: MarkdownVersion) -> String {
    match version {
        MarkdownVersion::V1 => escape_chars(text, V1_SPECIAL),
        MarkdownVersion::V2 => escape_chars(text, V2_SPECIAL),
    }
}

/// Escapes `text` for the given context of a MarkdownV2 message (see [`MarkdownEntity`]
/// for the rules).
///
/// ```
/// use telebot_api::format::{escape_markdown_entity, MarkdownEntity};
///
/// let code = r"let s = `a\b`;";
/// assert_eq!(
///     escape_markdown_entity(code, MarkdownEntity::Code),
///     r"let s = \`a\\b\`;",
/// );
/// assert_eq!(
///     escape_markdown_entity("x = (1 + 2)", MarkdownEntity::Plain),
///     r"x \= \(1 \+ 2\)",
/// );
/// ```
pub fn escape_markdown_entity(text: &str, entity: MarkdownEntity) -> String {
    match entity {
        MarkdownEntity::Plain => escape_chars(text, V2_SPECIAL),
        MarkdownEntity::Pre | MarkdownEntity::Code => escape_chars(text, &['`', '\\']),
        MarkdownEntity::TextLink => escape_chars(text, &[')', '\\']),
    }
}

/// Escapes `text` for a message sent with the `HTML` parse mode.
///
/// `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`; `"` becomes `&quot;` so that the
/// result is also safe inside a double-quoted attribute such as `href="..."`. Everything
/// else, including non-ASCII text, is left as it is.
///
/// ```
/// use telebot_api::format::escape_html;
///
/// assert_eq!(
///     escape_html(r#"<b>"Tom & Jerry"</b> ❤️"#),
///     "&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt; ❤️",
/// );
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_ASCII_PUNCT: &str = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;

    #[test]
    fn v2_escapes_every_special_character() {
        assert_eq!(
            escape_markdown(ALL_ASCII_PUNCT, MarkdownVersion::V2),
            r##"\!"\#$%&'\(\)\*\+,\-\./:;<\=\>?@\[\\\]^\_\`\{\|\}\~"##
        );
    }

    #[test]
    fn v1_escapes_only_four_characters() {
        assert_eq!(
            escape_markdown(ALL_ASCII_PUNCT, MarkdownVersion::V1),
            r##"!"#$%&'()\*+,-./:;<=>?@\[\]^\_\`{|}~"##
        );
    }

    #[test]
    fn plain_entity_equals_v2() {
        assert_eq!(
            escape_markdown_entity(ALL_ASCII_PUNCT, MarkdownEntity::Plain),
            escape_markdown(ALL_ASCII_PUNCT, MarkdownVersion::V2)
        );
    }

    #[test]
    fn pre_and_code_escape_backtick_and_backslash_only() {
        let expected = r##"!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~"##;
        assert_eq!(
            escape_markdown_entity(ALL_ASCII_PUNCT, MarkdownEntity::Pre),
            expected
        );
        assert_eq!(
            escape_markdown_entity(ALL_ASCII_PUNCT, MarkdownEntity::Code),
            expected
        );
        assert_eq!(
            escape_markdown_entity(
                "fn main() {\n    println!(\"```\");\n}",
                MarkdownEntity::Pre
            ),
            "fn main() {\n    println!(\"\\`\\`\\`\");\n}"
        );
    }

    #[test]
    fn text_link_escapes_paren_and_backslash_only() {
        assert_eq!(
            escape_markdown_entity(ALL_ASCII_PUNCT, MarkdownEntity::TextLink),
            r##"!"#$%&'(\)*+,-./:;<=>?@[\\]^_`{|}~"##
        );
        assert_eq!(
            escape_markdown_entity("https://ex.com/a_(b)?q=1", MarkdownEntity::TextLink),
            r"https://ex.com/a_(b\)?q=1"
        );
    }

    #[test]
    fn non_ascii_is_untouched() {
        let text = "Привет, мир 👋 こんにちは é";
        assert_eq!(escape_markdown(text, MarkdownVersion::V1), text);
        assert_eq!(
            escape_markdown(text, MarkdownVersion::V2),
            "Привет, мир 👋 こんにちは é"
        );
        assert_eq!(escape_html(text), text);
        assert_eq!(
            escape_markdown("Цена: 5.99€ (скидка!)", MarkdownVersion::V2),
            r"Цена: 5\.99€ \(скидка\!\)"
        );
    }

    #[test]
    fn empty_input() {
        assert_eq!(escape_markdown("", MarkdownVersion::V1), "");
        assert_eq!(escape_markdown("", MarkdownVersion::V2), "");
        assert_eq!(escape_markdown_entity("", MarkdownEntity::Code), "");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html("<a href=\"x\">&amp;</a> 'single'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt; 'single'"
        );
    }

    #[test]
    fn escaping_twice_escapes_the_backslashes() {
        let once = escape_markdown("a_b", MarkdownVersion::V2);
        assert_eq!(once, r"a\_b");
        assert_eq!(escape_markdown(&once, MarkdownVersion::V2), r"a\\\_b");
    }
}
