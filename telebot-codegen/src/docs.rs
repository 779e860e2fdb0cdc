//! Our own short doc lines for generated items, each with a link to the official anchor.
//!
//! The spec's descriptions are Telegram's prose; we only use names and links.

use crate::model::words;

/// `reply_to_message` → `Reply to message`.
pub fn humanize_snake(name: &str) -> String {
    let text = name.replace('_', " ");
    capitalize(&text)
}

/// `ChatMemberUpdated` → `Chat member updated`.
pub fn humanize_pascal(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|w| {
            if w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase()) {
                w.clone()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    capitalize(&joined)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `sendMessage` → `Sends message`; `getMe` → `Gets me`.
pub fn method_line(camel: &str) -> String {
    let mut pascal = camel.to_string();
    if let Some(first) = pascal.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let w = words(&pascal);
    let verb = w[0].to_lowercase();
    let third = if verb.ends_with('y') && !verb.ends_with("ay") && !verb.ends_with("ey") {
        format!("{}ies", &verb[..verb.len() - 1])
    } else if verb.ends_with('s')
        || verb.ends_with("sh")
        || verb.ends_with("ch")
        || verb.ends_with('x')
    {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    };
    let rest = w[1..]
        .iter()
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let line = if rest.is_empty() {
        third
    } else {
        format!("{third} {rest}")
    };
    capitalize(&line)
}

/// Writes `/// line` doc comments at an indent.
pub fn doc(indent: &str, lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                format!("{indent}///\n")
            } else {
                format!("{indent}/// {l}\n")
            }
        })
        .collect()
}

/// The snake_case name of a camelCase method.
pub fn snake(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The PascalCase name of a camelCase method.
pub fn pascal(camel: &str) -> String {
    let mut s = camel.to_string();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}
