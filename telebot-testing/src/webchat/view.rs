//! What the page shows, read from the fake Telegram's state: the bot's profile, the users, and
//! every chat with its members, messages, pins, reply keyboard, command menu and chat action.
//! The page gets this whole view again after each change and redraws what differs.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::{markup, segments};
use crate::state::{ChatKind, ChatRec, MessageRec, State};

/// How long an app shows a chat action ("typing…") unless the bot sends something first.
const ACTION_SHOWN: Duration = Duration::from_secs(5);

/// The most recent messages of a chat the page gets.
const MESSAGES_SHOWN: usize = 300;

/// The whole view.
pub(crate) fn snapshot(state: &State) -> Value {
    let profile = &state.profile;
    let users: Vec<Value> = state
        .user_names
        .iter()
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .filter_map(|(name, id)| {
            let user = state.users.get(id)?;
            Some(json!({ "name": name, "id": id, "first_name": user.first_name }))
        })
        .collect();
    let chats: Vec<Value> = state
        .chats
        .values()
        .filter(|c| {
            matches!(
                c.kind,
                ChatKind::Private | ChatKind::Group | ChatKind::Supergroup
            )
        })
        .map(|chat| chat_view(state, chat))
        .collect();
    json!({
        "bot": {
            "id": state.bot.id,
            "name": profile.name.clone().unwrap_or_else(|| state.bot.first_name.clone()),
            "username": state.bot.username,
            "description": profile.description,
            "short_description": profile.short_description,
        },
        "users": users,
        "chats": chats,
    })
}

fn chat_view(state: &State, chat: &ChatRec) -> Value {
    let members: Vec<Value> = chat
        .members
        .iter()
        .map(|(id, status)| {
            let name = if *id == state.bot.id {
                state.bot.first_name.clone()
            } else {
                state
                    .users
                    .get(id)
                    .map_or_else(|| id.to_string(), |u| u.first_name.clone())
            };
            json!({ "id": id, "name": name, "status": status.as_str(), "is_bot": *id == state.bot.id })
        })
        .collect();
    let shown = chat.messages.values().filter(|m| !m.deleted).count();
    let messages: Vec<Value> = chat
        .messages
        .values()
        .filter(|m| !m.deleted)
        .skip(shown.saturating_sub(MESSAGES_SHOWN))
        .map(|m| message_view(state, chat, m))
        .collect();
    let action = state
        .chat_actions
        .get(&chat.id)
        .and_then(|(action, since)| {
            let remaining = ACTION_SHOWN.checked_sub(since.elapsed())?;
            Some(json!({ "action": action, "remaining_ms": remaining.as_millis() as u64 }))
        });
    let title = match chat.kind {
        ChatKind::Private => chat.first_name.clone().unwrap_or_default(),
        _ => chat.title.clone().unwrap_or_default(),
    };
    json!({
        "id": chat.id,
        "kind": chat.kind.as_str(),
        "title": title,
        "members": members,
        "bot_status": chat.status_of(state.bot.id).as_str(),
        "pinned": chat.pinned,
        "action": action,
        "keyboard": reply_keyboard(chat),
        "commands": commands_for(state, chat),
        "messages": messages,
    })
}

/// The reply keyboard the bot's last keyboard-bearing message left in the chat: `null` when
/// removed, or when it was `one_time_keyboard` and a user has written since.
fn reply_keyboard(chat: &ChatRec) -> Value {
    let mut user_wrote_since = false;
    for message in chat.messages.values().rev().filter(|m| !m.deleted) {
        if !message.from_bot {
            user_wrote_since = true;
            continue;
        }
        let Some(markup) = &message.reply_markup else {
            continue;
        };
        if markup.get("remove_keyboard").is_some() {
            return Value::Null;
        }
        let Some(rows) = markup.get("keyboard").and_then(Value::as_array) else {
            continue;
        };
        if markup.get("one_time_keyboard").and_then(Value::as_bool) == Some(true)
            && user_wrote_since
        {
            return Value::Null;
        }
        let rows: Vec<Vec<Value>> = rows
            .iter()
            .filter_map(Value::as_array)
            .map(|row| {
                row.iter()
                    .map(|button| {
                        let text = button
                            .as_str()
                            .or_else(|| button.get("text").and_then(Value::as_str))
                            .unwrap_or("?");
                        let kind = if button.get("request_location").is_some() {
                            "location"
                        } else if button.get("request_contact").is_some() {
                            "contact"
                        } else {
                            "text"
                        };
                        json!({ "text": text, "kind": kind })
                    })
                    .collect()
            })
            .collect();
        return json!({
            "rows": rows,
            "placeholder": markup.get("input_field_placeholder"),
            "one_time": markup.get("one_time_keyboard").and_then(Value::as_bool).unwrap_or(false),
        });
    }
    Value::Null
}

/// The command menu of a chat: the most specific scope the bot set (this chat, all chats of
/// its kind, default), in English or for every language.
fn commands_for(state: &State, chat: &ChatRec) -> Value {
    let kind_scope = match chat.kind {
        ChatKind::Private => "all_private_chats::",
        _ => "all_group_chats::",
    };
    let scopes = [
        format!("chat:{}:", chat.id),
        kind_scope.to_owned(),
        "default::".to_owned(),
    ];
    for scope in &scopes {
        for language in ["en", ""] {
            if let Some(list) = state.commands.get(&(scope.clone(), language.to_owned())) {
                return list.clone();
            }
        }
    }
    json!([])
}

/// The text or caption as nodes, from its entities or else its parse mode.
fn text_nodes(message: &MessageRec, text_key: &str, entities_key: &str) -> Option<Value> {
    let text = message.json.get(text_key)?.as_str()?;
    let entities = message
        .json
        .get(entities_key)
        .and_then(Value::as_array)
        .cloned();
    let nodes = match (entities, &message.parse_mode) {
        (Some(entities), _) => segments::nodes(text, &entities),
        (None, Some(mode)) => match markup::parse(text, mode) {
            Some((plain, entities)) => segments::nodes(&plain, &entities),
            None => segments::nodes(text, &[]),
        },
        (None, None) => segments::nodes(text, &[]),
    };
    Some(Value::Array(nodes))
}

fn message_view(state: &State, chat: &ChatRec, message: &MessageRec) -> Value {
    let json = &message.json;
    let mut view = Map::new();
    let id = json.get("message_id").cloned().unwrap_or(Value::Null);
    view.insert("id".into(), id);
    view.insert("version".into(), json!(message.version));
    view.insert("from_bot".into(), json!(message.from_bot));
    if let Some(from) = json.get("from") {
        let name = [from.get("first_name"), from.get("last_name")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        view.insert("from".into(), json!({ "id": from.get("id"), "name": name }));
    }
    view.insert(
        "date".into(),
        json.get("date").cloned().unwrap_or(Value::Null),
    );
    view.insert("edited".into(), json!(json.get("edit_date").is_some()));
    if let Some(nodes) = text_nodes(message, "text", "entities")
        .or_else(|| text_nodes(message, "caption", "caption_entities"))
    {
        view.insert("nodes".into(), nodes);
    }
    if let Some(media) = media(json) {
        view.insert("media".into(), media);
    }
    for key in [
        "poll",
        "location",
        "contact",
        "invoice",
        "successful_payment",
        "dice",
    ] {
        if let Some(value) = json.get(key) {
            view.insert(key.into(), value.clone());
        }
    }
    if let Some(service) = service_text(state, json) {
        view.insert("service".into(), json!(service));
    }
    if let Some(reply) = json.get("reply_to_message") {
        let preview = reply
            .get("text")
            .or_else(|| reply.get("caption"))
            .and_then(Value::as_str)
            .unwrap_or("(media)");
        view.insert(
            "reply_to".into(),
            json!({ "id": reply.get("message_id"), "preview": preview.chars().take(80).collect::<String>() }),
        );
    }
    if let Some(rows) = json
        .pointer("/reply_markup/inline_keyboard")
        .and_then(Value::as_array)
    {
        view.insert("inline_keyboard".into(), inline_keyboard(rows));
    }
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for reaction in message
        .reactions
        .values()
        .flatten()
        .chain(&message.bot_reaction)
    {
        if let Some(emoji) = reaction.get("emoji").and_then(Value::as_str) {
            *counts.entry(emoji.to_owned()).or_default() += 1;
        }
    }
    if !counts.is_empty() {
        view.insert("reactions".into(), json!(counts));
    }
    view.insert(
        "pinned".into(),
        json!(
            chat.pinned
                .iter()
                .any(|p| Some(*p) == json.get("message_id").and_then(Value::as_i64))
        ),
    );
    Value::Object(view)
}

fn inline_keyboard(rows: &[Value]) -> Value {
    let rows: Vec<Vec<Value>> = rows
        .iter()
        .filter_map(Value::as_array)
        .map(|row| {
            row.iter()
                .map(|button| {
                    let text = button.get("text").and_then(Value::as_str).unwrap_or("?");
                    let (kind, url) = if let Some(url) = button.get("url").and_then(Value::as_str) {
                        ("url", Some(url))
                    } else if button.get("callback_data").is_some() {
                        ("callback", None)
                    } else if button.get("pay").is_some() {
                        ("pay", None)
                    } else {
                        ("other", None)
                    };
                    json!({ "text": text, "kind": kind, "url": url })
                })
                .collect()
        })
        .collect();
    json!(rows)
}

/// A message's file, with what the page needs to show or offer it.
fn media(json: &Value) -> Option<Value> {
    if let Some(sizes) = json.get("photo").and_then(Value::as_array) {
        // The largest size up to about a screen's width, else the smallest.
        let pick = sizes
            .iter()
            .rfind(|s| s.get("width").and_then(Value::as_u64).unwrap_or(0) <= 1280)
            .or_else(|| sizes.first())?;
        return Some(json!({
            "kind": "photo",
            "file_id": pick.get("file_id"),
            "width": pick.get("width"),
            "height": pick.get("height"),
        }));
    }
    for kind in [
        "sticker",
        "animation",
        "video",
        "video_note",
        "voice",
        "audio",
        "document",
    ] {
        if let Some(file) = json.get(kind) {
            return Some(json!({
                "kind": kind,
                "file_id": file.get("file_id"),
                "file_name": file.get("file_name"),
                "mime_type": file.get("mime_type"),
                "emoji": file.get("emoji"),
                "is_animated": file.get("is_animated"),
                "is_video": file.get("is_video"),
                "file_size": file.get("file_size"),
            }));
        }
    }
    None
}

/// The line a service message shows.
fn service_text(state: &State, json: &Value) -> Option<String> {
    let name = |user: &Value| {
        user.get("first_name")
            .and_then(Value::as_str)
            .unwrap_or("someone")
            .to_owned()
    };
    let actor = json.get("from").map(name).unwrap_or_default();
    if let Some(members) = json.get("new_chat_members").and_then(Value::as_array) {
        let names: Vec<String> = members.iter().map(name).collect();
        return Some(format!("{} joined the group", names.join(", ")));
    }
    if let Some(member) = json.get("left_chat_member") {
        return Some(format!("{} left the group", name(member)));
    }
    if let Some(pinned) = json.get("pinned_message") {
        let text = pinned
            .get("text")
            .or_else(|| pinned.get("caption"))
            .and_then(Value::as_str)
            .unwrap_or("a message");
        let short: String = text.chars().take(40).collect();
        return Some(format!("{actor} pinned \u{ab}{short}\u{bb}"));
    }
    if let Some(payment) = json.get("successful_payment") {
        let amount = payment
            .get("total_amount")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let currency = payment
            .get("currency")
            .and_then(Value::as_str)
            .unwrap_or("");
        return Some(format!(
            "{actor} paid {}.{:02} {currency} to {}",
            amount / 100,
            amount % 100,
            state.bot.first_name
        ));
    }
    None
}
