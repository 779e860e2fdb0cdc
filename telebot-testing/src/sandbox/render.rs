//! How the sandbox shows the bot's messages in a terminal.

use crate::script::SentMessage;
use crate::state::State;
use serde_json::Value;
use std::collections::HashMap;

/// The bot's messages not printed yet (or edited since), oldest first, with whether each is an
/// edit of one printed before.
pub(super) fn unprinted(
    state: &mut State,
    printed: &HashMap<(i64, i64), u32>,
) -> Option<Vec<(SentMessage, bool)>> {
    let mut found = Vec::new();
    for (chat_id, chat) in &state.chats {
        for (id, rec) in &chat.messages {
            if !rec.from_bot || rec.deleted {
                continue;
            }
            match printed.get(&(*chat_id, *id)) {
                Some(version) if *version == rec.version => {}
                seen => found.push((SentMessage::from_rec(*chat_id, *id, rec), seen.is_some())),
            }
        }
    }
    found.sort_by_key(|(m, _)| {
        (
            m.raw.get("date").and_then(Value::as_i64),
            m.chat_id,
            m.message_id,
        )
    });
    Some(found)
}

/// One message as terminal lines.
pub(super) fn message(message: &SentMessage, chat: Option<&str>, edited: bool) -> String {
    let mut head = String::from("bot");
    if let Some(chat) = chat {
        head.push_str(" in ");
        head.push_str(chat);
    }
    if edited {
        head.push_str(" (edited)");
    }
    let mut body = media(&message.raw).unwrap_or_default();
    let text = message
        .text
        .as_deref()
        .or(message.caption.as_deref())
        .unwrap_or_default();
    if !text.is_empty() {
        if !body.is_empty() {
            body.push(' ');
        }
        body.push_str(text);
    }
    let mut out = format!("{head}: {body}");
    let mut n = 0;
    for row in message.buttons() {
        out.push_str("\n   ");
        for button in row {
            n += 1;
            match &button.url {
                Some(url) => out.push_str(&format!(" [{n}: {} -> {url}]", button.text)),
                None => out.push_str(&format!(" [{n}: {}]", button.text)),
            }
        }
    }
    if let Some(rows) = message
        .reply_markup
        .as_ref()
        .and_then(|m| m.get("keyboard"))
        .and_then(Value::as_array)
    {
        out.push_str("\n    keyboard:");
        for button in rows.iter().filter_map(Value::as_array).flatten() {
            let label = button
                .as_str()
                .or_else(|| button.get("text").and_then(Value::as_str))
                .unwrap_or("?");
            out.push_str(&format!(" ({label})"));
        }
    }
    out
}

/// A one-line description of a message's media, if it has any.
fn media(raw: &Value) -> Option<String> {
    let size = |v: &Value| {
        v.get("file_size").and_then(Value::as_u64).map(|b| {
            if b >= 1024 * 1024 {
                format!("{:.1} MB", b as f64 / 1024.0 / 1024.0)
            } else if b >= 1024 {
                format!("{:.1} KB", b as f64 / 1024.0)
            } else {
                format!("{b} B")
            }
        })
    };
    if let Some(sizes) = raw.get("photo").and_then(Value::as_array) {
        let largest = sizes.last()?;
        let w = largest.get("width").and_then(Value::as_u64).unwrap_or(0);
        let h = largest.get("height").and_then(Value::as_u64).unwrap_or(0);
        return Some(format!(
            "[photo {w}x{h}, {}]",
            size(largest).unwrap_or_default()
        ));
    }
    for kind in [
        "document",
        "video",
        "audio",
        "voice",
        "animation",
        "video_note",
        "sticker",
    ] {
        if let Some(file) = raw.get(kind) {
            let name = file
                .get("file_name")
                .and_then(Value::as_str)
                .unwrap_or(kind);
            return Some(format!(
                "[{kind} {name}, {}]",
                size(file).unwrap_or_else(|| "? B".into())
            ));
        }
    }
    if let Some(poll) = raw.get("poll") {
        let question = poll
            .get("question")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let options: Vec<&str> = poll
            .get("options")
            .and_then(Value::as_array)
            .map(|o| {
                o.iter()
                    .filter_map(|x| x.get("text").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        return Some(format!("[poll \"{question}\": {}]", options.join(" / ")));
    }
    if let Some(loc) = raw.get("location") {
        return Some(format!(
            "[location {}, {}]",
            loc["latitude"], loc["longitude"]
        ));
    }
    raw.get("dice").map(|d| {
        format!(
            "[dice {} {}]",
            d["emoji"].as_str().unwrap_or("🎲"),
            d["value"]
        )
    })
}
