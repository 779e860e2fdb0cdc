//! sendMessage, forwarding and copying, deleting, chat actions and reactions.

use serde_json::{Map, Value, json};

use super::{caption_param, chat_param, check_parse_mode, send_bot_message};
use crate::error::{ApiError, ApiResult};
use crate::objects::{now, text_len};
use crate::request::Params;
use crate::state::{ChatKind, State};

/// The longest message text, in UTF-16 code units.
pub(crate) const MAX_TEXT: usize = 4096;

/// The `text` of a message to send or an edit, checked as Telegram checks it (not empty, at
/// most [`MAX_TEXT`] long), with its `parse_mode`.
pub(super) fn text_param(params: &Params) -> Result<String, ApiError> {
    let text = params.str("text").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    if text_len(&text) > MAX_TEXT {
        return Err(ApiError::bad_request("message is too long"));
    }
    check_parse_mode(params, "parse_mode")?;
    Ok(text)
}

/// sendMessage.
pub(super) fn send_message(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let text = text_param(params)?;
    let mut content = Map::new();
    content.insert("text".into(), json!(text));
    if let Some(entities) = params.array("entities")?
        && !entities.is_empty()
    {
        content.insert("entities".into(), Value::Array(entities));
    }
    if let Some(preview) = params.json("link_preview_options")? {
        content.insert("link_preview_options".into(), preview);
    }
    send_bot_message(state, params, chat_id, content)
}

/// Fields of a message that are not its content.
const NOT_CONTENT: &[&str] = &[
    "message_id",
    "message_thread_id",
    "from",
    "sender_chat",
    "chat",
    "date",
    "edit_date",
    "reply_to_message",
    "reply_markup",
    "forward_origin",
    "media_group_id",
    "author_signature",
    "has_protected_content",
    "effect_id",
    "is_topic_message",
    "via_bot",
];

/// The content fields of a stored message, or `None` for a service message.
fn content_of(message: &Value) -> Option<Map<String, Value>> {
    let content: Map<String, Value> = message
        .as_object()?
        .iter()
        .filter(|(k, _)| !NOT_CONTENT.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let has_content = [
        "text",
        "photo",
        "document",
        "video",
        "audio",
        "voice",
        "animation",
        "sticker",
        "poll",
        "video_note",
        "location",
        "contact",
        "dice",
        "venue",
    ]
    .iter()
    .any(|k| content.contains_key(*k));
    has_content.then_some(content)
}

/// The `forward_origin` of a message.
fn origin_of(message: &Value) -> Value {
    let date = message.get("date").cloned().unwrap_or(json!(now()));
    if let Some(chat) = message.get("sender_chat") {
        let kind = if chat.get("type").and_then(Value::as_str) == Some("channel") {
            "channel"
        } else {
            "chat"
        };
        let mut origin = json!({ "type": kind, "date": date, "chat": chat });
        if kind == "channel" {
            origin["message_id"] = message.get("message_id").cloned().unwrap_or(Value::Null);
        } else {
            origin["sender_chat"] = chat.clone();
            if let Some(map) = origin.as_object_mut() {
                map.remove("chat");
            }
        }
        return origin;
    }
    json!({
        "type": "user",
        "date": date,
        "sender_user": message.get("from").cloned().unwrap_or(Value::Null),
    })
}

/// Builds the content of a forwarded (`forward`) or copied message from a stored one.
fn relay_content(
    state: &State,
    params: &Params,
    from_chat: i64,
    message_id: i64,
    forward: bool,
) -> Result<Map<String, Value>, ApiError> {
    let verb = if forward { "forward" } else { "copy" };
    let original = state
        .message_json(from_chat, message_id)
        .ok_or_else(|| ApiError::bad_request(format!("message to {verb} not found")))?;
    let mut content = content_of(&original)
        .ok_or_else(|| ApiError::bad_request(format!("message can't be {verb}ed")))?;
    if forward {
        content.insert("forward_origin".into(), origin_of(&original));
    } else if params.has("caption") {
        content.remove("caption");
        content.remove("caption_entities");
        if let Some(caption) = caption_param(params)? {
            content.insert("caption".into(), json!(caption));
            if let Some(entities) = params.array("caption_entities")? {
                content.insert("caption_entities".into(), Value::Array(entities));
            }
        }
    } else if params.bool("remove_caption") {
        content.remove("caption");
        content.remove("caption_entities");
    }
    Ok(content)
}

/// forwardMessage (`forward`) and copyMessage.
pub(super) fn forward_message(state: &mut State, params: &Params, forward: bool) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let from_chat = state.resolve_chat(params.get("from_chat_id"), "from_chat_id")?;
    let message_id = params.req_i64("message_id")?;
    let content = relay_content(state, params, from_chat, message_id, forward)?;
    let sent = send_bot_message(state, params, chat_id, content)?;
    if forward {
        Ok(sent)
    } else {
        Ok(json!({ "message_id": sent.get("message_id").cloned().unwrap_or(Value::Null) }))
    }
}

/// The `message_ids` parameter: 1 to 100 identifiers.
fn message_ids(params: &Params) -> Result<Vec<i64>, ApiError> {
    let ids = params
        .array("message_ids")?
        .ok_or_else(|| ApiError::missing("message_ids"))?;
    let ids: Vec<i64> = ids
        .iter()
        .map(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                .ok_or_else(|| ApiError::invalid("message_ids"))
        })
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Err(ApiError::bad_request(
            "message identifiers are not specified",
        ));
    }
    if ids.len() > 100 {
        return Err(ApiError::bad_request(
            "too many message identifiers specified",
        ));
    }
    Ok(ids)
}

/// forwardMessages and copyMessages: the messages that exist are relayed, in order.
pub(super) fn forward_messages(state: &mut State, params: &Params, forward: bool) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let from_chat = state.resolve_chat(params.get("from_chat_id"), "from_chat_id")?;
    let mut ids = message_ids(params)?;
    ids.sort_unstable();
    ids.dedup();
    state.check_bot_can_send(chat_id)?;
    let mut sent = Vec::new();
    for id in ids {
        let Ok(content) = relay_content(state, params, from_chat, id, forward) else {
            continue;
        };
        let message = send_bot_message(state, params, chat_id, content)?;
        sent.push(
            json!({ "message_id": message.get("message_id").cloned().unwrap_or(Value::Null) }),
        );
    }
    if sent.is_empty() {
        let verb = if forward { "forward" } else { "copy" };
        return Err(ApiError::bad_request(format!(
            "messages to {verb} not found"
        )));
    }
    Ok(Value::Array(sent))
}

/// Whether the bot may delete that message.
fn may_delete(state: &State, chat_id: i64, message_id: i64) -> Result<(), ApiError> {
    let chat = state.chat(chat_id)?;
    let message = chat
        .message(message_id)
        .ok_or_else(|| ApiError::bad_request("message to delete not found"))?;
    let bot_is_admin = chat.status_of(state.bot.id).is_admin();
    if message.from_bot || chat.kind == ChatKind::Private || bot_is_admin {
        Ok(())
    } else {
        Err(ApiError::bad_request("message can't be deleted"))
    }
}

/// deleteMessage.
pub(super) fn delete_message(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let message_id = params.req_i64("message_id")?;
    may_delete(state, chat_id, message_id)?;
    if let Some(message) = state.chat_mut(chat_id)?.messages.get_mut(&message_id) {
        message.deleted = true;
    }
    Ok(Value::Bool(true))
}

/// deleteMessages: deletes those of the messages that can be deleted.
pub(super) fn delete_messages(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let ids = message_ids(params)?;
    let deletable: Vec<i64> = ids
        .into_iter()
        .filter(|id| may_delete(state, chat_id, *id).is_ok())
        .collect();
    let chat = state.chat_mut(chat_id)?;
    for id in deletable {
        if let Some(message) = chat.messages.get_mut(&id) {
            message.deleted = true;
        }
    }
    Ok(Value::Bool(true))
}

const CHAT_ACTIONS: &[&str] = &[
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
];

/// sendChatAction.
pub(super) fn send_chat_action(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let action = params.req_str("action")?;
    if !CHAT_ACTIONS.contains(&action.as_str()) {
        return Err(ApiError::bad_request("wrong parameter action in request"));
    }
    state.check_bot_can_send(chat_id)?;
    state
        .chat_actions
        .insert(chat_id, (action, std::time::Instant::now()));
    Ok(Value::Bool(true))
}

/// setMessageReaction: the bot's reaction is stored on the message.
pub(super) fn set_message_reaction(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let message_id = params.req_i64("message_id")?;
    let reaction = params.array("reaction")?.unwrap_or_default();
    for item in &reaction {
        let valid = match item.get("type").and_then(Value::as_str) {
            Some("emoji") => item
                .get("emoji")
                .and_then(Value::as_str)
                .is_some_and(|e| !e.is_empty()),
            Some("custom_emoji") => item.get("custom_emoji_id").is_some(),
            Some("paid") => true,
            _ => false,
        };
        if !valid {
            return Err(ApiError::bad_request("REACTION_INVALID"));
        }
    }
    let message = state
        .chat_mut(chat_id)?
        .message_mut(message_id)
        .ok_or_else(|| ApiError::bad_request("MESSAGE_ID_INVALID"))?;
    message.bot_reaction = reaction;
    Ok(Value::Bool(true))
}
