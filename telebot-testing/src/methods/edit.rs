//! editMessageText, editMessageCaption and editMessageReplyMarkup.

use serde_json::{Map, Value, json};

use super::messages::text_param;
use super::{caption_param, chat_param, remember_parse_mode, reply_markup_param};
use crate::error::{ApiError, ApiResult};
use crate::objects::now;
use crate::request::Params;
use crate::state::State;

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/// The stored message an edit is about, as (chat id, message id); `None` for a message sent
/// via inline mode, which is not tracked: its edit is only recorded.
fn target(state: &State, params: &Params) -> Result<Option<(i64, i64)>, ApiError> {
    if params
        .str("inline_message_id")
        .is_some_and(|id| !id.is_empty())
    {
        return Ok(None);
    }
    let chat_id = chat_param(state, params)?;
    let message_id = params
        .i64("message_id")?
        .ok_or_else(|| ApiError::bad_request("message identifier is not specified"))?;
    let chat = state.chat(chat_id)?;
    let message = chat
        .message(message_id)
        .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    if !message.from_bot {
        return Err(ApiError::bad_request("message can't be edited"));
    }
    Ok(Some((chat_id, message_id)))
}

/// Sets `key` of a message's JSON to `value`, or removes it when there is none.
fn set_or_remove(json: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(value) => json.insert(key.into(), value),
        None => json.remove(key),
    };
}

/// Applies `change` to a stored message's JSON if it really changes it, then marks it edited.
fn apply(
    state: &mut State,
    chat_id: i64,
    message_id: i64,
    markup: Option<Value>,
    change: impl FnOnce(&mut Map<String, Value>),
) -> ApiResult {
    let message = state
        .chat_mut(chat_id)?
        .message_mut(message_id)
        .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    let mut json = message.json.as_object().cloned().unwrap_or_default();
    change(&mut json);
    let inline = markup
        .as_ref()
        .filter(|m| m.get("inline_keyboard").is_some());
    set_or_remove(&mut json, "reply_markup", inline.cloned());
    let mut before = message.json.as_object().cloned().unwrap_or_default();
    before.remove("edit_date");
    json.remove("edit_date");
    if before == json {
        return Err(ApiError::bad_request(NOT_MODIFIED));
    }
    json.insert("edit_date".into(), json!(now()));
    message.json = Value::Object(json);
    message.reply_markup = markup;
    message.version += 1;
    Ok(message.json.clone())
}

/// editMessageText.
pub(super) fn edit_message_text(state: &mut State, params: &Params) -> ApiResult {
    let target = target(state, params)?;
    let text = text_param(params)?;
    let markup = reply_markup_param(params)?;
    let Some((chat_id, message_id)) = target else {
        return Ok(Value::Bool(true));
    };
    let has_text = state
        .message_json(chat_id, message_id)
        .is_some_and(|m| m.get("text").is_some());
    if !has_text {
        return Err(ApiError::bad_request(
            "there is no text in the message to edit",
        ));
    }
    let entities = params.array("entities")?.filter(|e| !e.is_empty());
    let edited = apply(state, chat_id, message_id, markup, |json| {
        json.insert("text".into(), json!(text));
        set_or_remove(json, "entities", entities.map(Value::Array));
    })?;
    remember_parse_mode(state, params, chat_id, message_id);
    Ok(edited)
}

/// editMessageCaption.
pub(super) fn edit_message_caption(state: &mut State, params: &Params) -> ApiResult {
    let target = target(state, params)?;
    let caption = caption_param(params)?;
    let markup = reply_markup_param(params)?;
    let Some((chat_id, message_id)) = target else {
        return Ok(Value::Bool(true));
    };
    let has_media = state.message_json(chat_id, message_id).is_some_and(|m| {
        ["photo", "document", "video", "audio", "animation", "voice"]
            .iter()
            .any(|k| m.get(*k).is_some())
    });
    if !has_media {
        return Err(ApiError::bad_request(
            "there is no caption in the message to edit",
        ));
    }
    let entities = params.array("caption_entities")?.filter(|e| !e.is_empty());
    let edited = apply(state, chat_id, message_id, markup, |json| {
        set_or_remove(json, "caption", caption.map(|caption| json!(caption)));
        set_or_remove(json, "caption_entities", entities.map(Value::Array));
    })?;
    remember_parse_mode(state, params, chat_id, message_id);
    Ok(edited)
}

/// editMessageReplyMarkup.
pub(super) fn edit_message_reply_markup(state: &mut State, params: &Params) -> ApiResult {
    let target = target(state, params)?;
    let markup = reply_markup_param(params)?;
    let Some((chat_id, message_id)) = target else {
        return Ok(Value::Bool(true));
    };
    apply(state, chat_id, message_id, markup, |_| {})
}
